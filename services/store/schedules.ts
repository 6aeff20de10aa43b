// Scheduled starts of approved requests (a small sub-interface of the store): an approved request
// waits here until its time, then the scheduler settles it once (started, not started, cancelled).
import type { Actor } from '../approval/types.ts';

/** How the start time was chosen: the cluster's next maintenance window, or a time the approver picked. */
export type ScheduleKind = 'window' | 'time';

/** Where a scheduled start stands; only `waiting` moves, and only once. */
export type ScheduleState = 'waiting' | 'started' | 'not-started' | 'cancelled';

/** One scheduled start. */
export interface ScheduledStart {
  requestId: string;
  clusterId: string;
  kind: ScheduleKind;
  /** When the update is to start (UTC ISO). */
  dueAt: string;
  /** End of the maintenance window (kind `window`): a start found after it does not happen. */
  windowEnd?: string;
  /** Maintenance configuration the window comes from (kind `window`). */
  config?: string;
  /** The zone the time is shown in: an IANA zone, or a `±hh:mm` offset (a window's utcOffset). */
  timeZone: string;
  by: Actor;
  state: ScheduleState;
  /** Why it was not started (a refusal code of the scheduler). */
  reason?: string;
  createdAt: string;
  updatedAt: string;
}

/** Scheduled starts, persisted. */
export interface ScheduleStore {
  /** Throws on a duplicate request id. */
  insert(s: ScheduledStart): void;
  get(requestId: string): ScheduledStart | undefined;
  /** Waiting starts, soonest first. */
  listWaiting(): ScheduledStart[];
  /** Moves a waiting start to `state` (one winner); false when it no longer waits. */
  settle(requestId: string, state: Exclude<ScheduleState, 'waiting'>, at: string, reason?: string): boolean;
}
