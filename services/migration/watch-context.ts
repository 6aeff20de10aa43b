// What the progress watcher's parts share: its dependencies (WatcherDeps), the settings resolved
// from them, the watcher's resumable per-operation state (kept in `operations.watcherState`) and
// the context one poll runs in. The loop is in watcher.ts, one poll's reading in poll-reading.ts,
// its evaluation in poll.ts, milestones in milestones.ts.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { Clock } from '../approval/apply.ts';
import type { OperationLeases } from '../leases/types.ts';
import type { OperationRecord, Store } from '../store/types.ts';
import type { NodeReader, PdbReader } from './node-reader.ts';
import type { OperationUrlState } from './operation-status.ts';
import type { StallState } from './progress.ts';
import type { MigrationOutcome, ProgressNotifier } from './types.ts';

/** Sleeps `ms`, resolving early when `signal` aborts (injected so tests do not wait). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** Dependencies of the watcher. */
export interface WatcherDeps {
  store: Store;
  containerService(subscriptionId: string): ContainerServiceClient;
  notifier: ProgressNotifier;
  /** Kubernetes nodes of a cluster; absent = ARM signals only. */
  readNodes?: NodeReader;
  /** PDBs that allow no disruption (named in a stall notice); absent = not named. */
  readPdbs?: PdbReader;
  /** The configured ARM endpoint: the only origin an operation URL may have (the ARM token goes
   * with the request). Default: the endpoint the cluster reads go to. */
  armEndpoint?: string;
  clock?: Clock;
  sleep?: Sleep;
  /** `NETPILOT_POLL_SECONDS` (default 15). */
  pollSeconds?: number;
  /** Longest wait after repeated 429/5xx (default 300 s). */
  maxBackoffSeconds?: number;
  /** Attempts per milestone before giving up on the notifier (default 3). */
  notifyAttempts?: number;
  /** Consecutive failures of the operation URL before the cluster is read instead (default 5). */
  operationFailureLimit?: number;
  /** Consecutive polls with the cluster unreadable, or (operation URL gone) ended but not
   * confirmed by its nodes, before the outcome is reported unknown (default 20). */
  unknownAfterPolls?: number;
  /** While the operation status is read and nothing else asks for it, the cluster is read again
   * after this many polls (default 10; see poll-reading.ts). */
  clusterRefreshPolls?: number;
  /** Minutes without any node change before a stall notice (default 20). */
  stallMinutes?: number;
  /** Logs a problem once with context (never throws). */
  onError?: (err: unknown, context: { operationId: string; stage: string }) => void;
  /** Called once the end of an operation and its request is recorded (e.g. to offer a plan's next step). */
  onEnded?: (op: OperationRecord, outcome: MigrationOutcome) => void;
  httpClient?: HttpClient;
  /** One watcher per operation across instances; absent = this process is the only watcher. */
  leases?: OperationLeases;
  /** Seconds between scans for running operations with a free lease (default: a tenth of the lease period, at least 1). */
  takeoverSeconds?: number;
  /** Called when this instance took over an operation another instance watched (metrics, logs). */
  onTakeover?: (operationId: string) => void;
}

/** The watcher's own resumable state, kept in `operations.watcherState`. */
export interface WatcherState extends OperationUrlState {
  polls: number;
  consecutiveFailures: number;
  /** Consecutive polls (operation URL dropped) where the cluster ended but did not confirm. */
  unconfirmedPolls: number;
  /** The cluster was seen in a non-terminal provisioning state during this operation. */
  clusterSeenBusy: boolean;
  /** Pools seen in a non-Succeeded state during this operation. */
  seenBusy: string[];
  /** Failed notifier attempts per milestone key. */
  notifyFailures: Record<string, number>;
  stall: StallState;
}

/** The watcher's state of an operation as saved (defaults for what an older version did not save). */
export function readState(op: OperationRecord): WatcherState {
  const s = (op.watcherState ?? {}) as Partial<WatcherState>;
  return { polls: s.polls ?? 0, consecutiveFailures: s.consecutiveFailures ?? 0, operationFailures: s.operationFailures ?? 0,
    ...(s.operationUrlDropped ? { operationUrlDropped: s.operationUrlDropped } : {}),
    ...(s.pollerState ? { pollerState: s.pollerState } : {}), unconfirmedPolls: s.unconfirmedPolls ?? 0,
    clusterSeenBusy: s.clusterSeenBusy ?? false, seenBusy: [...(s.seenBusy ?? [])], notifyFailures: { ...(s.notifyFailures ?? {}) },
    stall: { stalls: 0, announced: false, ...(s.stall ?? {}) } };
}

/** Settings resolved from WatcherDeps (milliseconds and counts). */
export interface WatchSettings {
  pollMs: number;
  maxBackoffMs: number;
  notifyAttempts: number;
  operationFailureLimit: number;
  unknownAfterPolls: number;
  clusterRefreshPolls: number;
  stallMs: number;
}

export function watchSettings(deps: WatcherDeps): WatchSettings {
  return {
    pollMs: Math.max(0, (deps.pollSeconds ?? 15) * 1000),
    maxBackoffMs: (deps.maxBackoffSeconds ?? 300) * 1000,
    notifyAttempts: deps.notifyAttempts ?? 3,
    operationFailureLimit: Math.max(1, deps.operationFailureLimit ?? 5),
    unknownAfterPolls: Math.max(1, deps.unknownAfterPolls ?? 20),
    clusterRefreshPolls: Math.max(1, deps.clusterRefreshPolls ?? 10),
    stallMs: (deps.stallMinutes ?? 20) * 60_000,
  };
}

/** The result of one poll: `done` when the operation has ended (or is not running). */
export interface PollResult { done: boolean; waitMs: number }

/** Logs a problem through `onError`, never throwing. */
export function reporter(deps: WatcherDeps): (err: unknown, operationId: string, stage: string) => void {
  return (err, operationId, stage) => {
    try { deps.onError?.(err, { operationId, stage }); } catch { /* a logger must not stop the watcher */ }
  };
}

export const terminal = (s: string): s is 'Succeeded' | 'Failed' | 'Canceled' => s === 'Succeeded' || s === 'Failed' || s === 'Canceled';

export const defaultSleep: Sleep = (ms, signal) => new Promise((resolve) => {
  if (signal.aborted) { resolve(); return; }
  const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, ms);
  const onAbort = (): void => { clearTimeout(t); resolve(); };
  signal.addEventListener('abort', onAbort, { once: true });
});
