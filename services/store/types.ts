// Small storage interfaces (style.md 10). The embedded SQLite implementation is `sqlite-store.ts`;
// callers depend only on these.
import type { ApprovalRequest, AuditEntry, Actor, RequestState } from '../approval/types.ts';
import type { Target } from '../cluster/types.ts';
import type { NetworkProfileChange } from '../preflight/types.ts';
import type { PodSnapshot } from '../health/pods.ts';
import type { ScheduleStore } from './schedules.ts';

/** A conversation the bot has seen; `reference` is the chat layer's opaque JSON. */
export interface StoredConversation {
  conversationId: string;
  channelId: string;
  serviceUrl: string;
  tenantId?: string;
  conversationType?: string;
  isChannel: boolean;
  reference: Record<string, unknown>;
  updatedAt: string;
}

/** Conversation references of every conversation seen, and which channels subscribed. */
export interface ConversationStore {
  /** Inserts or replaces the reference (keeps the subscription flag). */
  remember(ref: StoredConversation): void;
  get(conversationId: string): StoredConversation | undefined;
  /** Marks a remembered conversation as subscribed; throws if it was never remembered. */
  subscribe(conversationId: string): void;
  /** Returns true when it was subscribed. */
  unsubscribe(conversationId: string): boolean;
  listSubscribed(): StoredConversation[];
}

/** Migration requests with optimistic concurrency on `version`. */
export interface RequestStore {
  /** Stores a new request (its `version` as given, normally 1); throws on a duplicate id. */
  insert(request: ApprovalRequest): void;
  get(id: string): ApprovalRequest | undefined;
  /** Applies `patch` when the stored version equals `expectedVersion`, bumping the version.
   * Returns false (and changes nothing) when stale or unknown. */
  update(id: string, expectedVersion: number, patch: Partial<ApprovalRequest>): boolean;
  /** Requests of one cluster (id compared case-insensitively), newest first. */
  listByCluster(clusterId: string): ApprovalRequest[];
  listByState(states: readonly RequestState[]): ApprovalRequest[];
}

/** Who holds a cluster lock. */
export interface LockHolder {
  clusterId: string;
  requestId: string;
  holder: Actor;
  acquiredAt: string;
}

/** One open request or running operation per cluster, persisted. */
export interface LockStore {
  /** Takes the lock atomically; when held by someone else returns the current holder. */
  acquire(lock: LockHolder): { ok: true } | { ok: false; holder: LockHolder };
  get(clusterId: string): LockHolder | undefined;
  /** Releases only when held by `requestId`; returns true when released. */
  release(clusterId: string, requestId: string): boolean;
}

/** An audit entry as stored, with its sequence number. */
export interface StoredAuditEntry extends AuditEntry {
  seq: number;
}

/** Append-only audit log. */
export interface AuditStore {
  append(entry: AuditEntry): StoredAuditEntry;
  listByCluster(clusterId: string): StoredAuditEntry[];
  listByRequest(requestId: string): StoredAuditEntry[];
}

/** Status of a recorded operation. */
export type OperationStatus = 'running' | 'succeeded' | 'failed' | 'canceled' | 'unknown';

/** The nodes of one agent pool when the operation started: progress counts only these (never surge nodes). */
export interface OriginalPool {
  pool: string;
  /** Node names that must be converted (gone, or labelled with the target, Ready and schedulable). */
  nodes: string[];
  /** Nodes already converted when the list was taken (an adopted operation); counted as done. */
  doneBefore?: number;
}

/** A started migration operation, everything needed to resume watching it after a restart. */
export interface OperationRecord {
  id: string;
  requestId: string;
  clusterId: string;
  subscriptionId: string;
  resourceGroup: string;
  clusterName: string;
  target: Target;
  /** `Azure-AsyncOperation` (or `Location`) URL; null for a dry run. */
  asyncOperationUrl: string | null;
  /** Serialised SDK poller state after the PUT (`poller.toString()`), when available: the watcher
   * resumes the SDK's poller from it (absent: the outcome comes from the cluster). */
  pollerState?: string;
  /** Origin of the ARM endpoint the PUT went to (e.g. `https://management.azure.com`), when known. */
  armEndpoint?: string;
  startedAt: string;
  finishedAt?: string;
  /** networkProfile before the PUT (ARM JSON as read). */
  before: Record<string, unknown>;
  /** networkProfile fields the PUT changed. */
  change: NetworkProfileChange;
  /** Each pool's original nodes, recorded when the operation starts (absent: not readable then; the
   * watcher records them at its first reading). */
  originalNodes?: OriginalPool[];
  /** Pods just before the PUT (for the health summary after the step); absent when not read. */
  podsBefore?: PodSnapshot;
  after?: Record<string, unknown>;
  status: OperationStatus;
  dryRun: boolean;
  /** Last progress snapshot the watcher saw (opaque to the store). */
  lastProgress?: Record<string, unknown>;
  /** The watcher's own resumable state (opaque to the store). */
  watcherState?: Record<string, unknown>;
  /** Final outcome (opaque to the store). */
  outcome?: Record<string, unknown>;
  updatedAt: string;
}

/** Recorded operations. */
export interface OperationStore {
  /** Throws on a duplicate id. */
  insert(op: OperationRecord): void;
  get(id: string): OperationRecord | undefined;
  byRequest(requestId: string): OperationRecord | undefined;
  listRunning(): OperationRecord[];
  /** Latest operations of a cluster, newest first. */
  listByCluster(clusterId: string): OperationRecord[];
  update(id: string, patch: Partial<Omit<OperationRecord, 'id'>>): void;
}

/** A milestone (or chat message) recorded for an operation, so nothing is emitted twice. */
export interface Milestone {
  operationId: string;
  /** e.g. `started`, `pool:nodepool1`, `finished`, `card`. */
  key: string;
  /** `claimed` before the notifier is called, `done` after it returned. */
  state: 'claimed' | 'done';
  activityId?: string;
  data?: Record<string, unknown>;
  at: string;
}

/** Milestones/messages per operation: claim once, mark done, remember activity ids. */
export interface MilestoneStore {
  /** Records the key if new; returns false when it already existed (claimed or done). */
  claim(operationId: string, key: string, data?: Record<string, unknown>): boolean;
  get(operationId: string, key: string): Milestone | undefined;
  markDone(operationId: string, key: string, activityId?: string): void;
  /** Sets or replaces the activity id (e.g. the progress card to update in place). */
  setActivityId(operationId: string, key: string, activityId: string): void;
  list(operationId: string): Milestone[];
}

/** Names of the per-user settings the store keeps. */
export type UserSettingName = 'language';

/** Small per-user settings (keyed by Entra object id, else the chat user id), e.g. the pinned reply language. */
export interface UserSettingsStore {
  get(userKey: string, name: UserSettingName): string | undefined;
  /** Inserts or replaces the value. */
  set(userKey: string, name: UserSettingName, value: string): void;
  /** Removes the setting; returns true when there was one. */
  clear(userKey: string, name: UserSettingName): boolean;
}

/** A channel that switched the weekly readiness digest on (or off again). */
export interface DigestChannel {
  conversationId: string;
  enabled: boolean;
  /** When the digest was (last) switched on: periods that started before are not posted. */
  enabledAt: string;
  /** Language of the channel's digest (`en` / `ja`). */
  locale: string;
}

/** One channel's digest of one period: claimed before posting, then posted. */
export interface DigestPost {
  conversationId: string;
  period: string;
  state: 'claimed' | 'posted';
  claimedAt: string;
  postedAt?: string;
  activityId?: string;
}

/** The weekly readiness digest: which channels get it, which periods were posted, and the fleet
 * record of each period (what the next digest compares with). */
export interface DigestStore {
  /** Switches the digest on (again) for a channel; `at` becomes its `enabledAt`. */
  enable(conversationId: string, at: string, locale: string): void;
  /** Switches it off; returns true when it was on. */
  disable(conversationId: string): boolean;
  get(conversationId: string): DigestChannel | undefined;
  listEnabled(): DigestChannel[];
  /** The channel's latest posted period, if any. */
  lastPosted(conversationId: string): DigestPost | undefined;
  /** Claims the channel's period: true for exactly one caller. A claim never confirmed (its sender
   * died) can be taken again once it is older than `staleBefore`. */
  claim(conversationId: string, period: string, at: string, staleBefore: string): boolean;
  markPosted(conversationId: string, period: string, at: string, activityId?: string): void;
  getPost(conversationId: string, period: string): DigestPost | undefined;
  /** Keeps the fleet record of a period; the first one saved wins (every channel compares with the same). */
  saveRecord(period: string, record: Record<string, unknown>, at: string): void;
  getRecord(period: string): Record<string, unknown> | undefined;
  /** The record of the latest period before `period`, if any. */
  latestRecordBefore(period: string): { period: string; record: Record<string, unknown> } | undefined;
}

/** How a stored migration plan stands: `open` (steps left), `done` (every step succeeded), `replaced`
 * (a newer plan of the same cluster took over). */
export type PlanState = 'open' | 'done' | 'replaced';

/** One step of a stored plan; its request (if any) carries the plan link in its own chat data. */
export interface PlanStepRecord {
  target: Target;
  /** True when the cluster already showed this step done when the plan was made. */
  doneAtStart?: boolean;
  /** When NetPilot began offering this step on its own after the step before it succeeded (the claim). */
  offeredAt?: string;
  /** True once that offer was posted (approval card, or the blockers). */
  offered?: boolean;
}

/** A migration plan as stored: the goal, its steps, where it was asked for (opaque chat data) and by whom. */
export interface PlanRecord {
  id: string;
  version: number;
  cluster: { id: string; subscriptionId: string; resourceGroup: string; name: string };
  goal: Target;
  podCidr?: string;
  /** The person who asked for the plan (chat ids); later steps are requested on their behalf. */
  requester: { id: string; name?: string; aadObjectId?: string; tenantId?: string };
  steps: PlanStepRecord[];
  state: PlanState;
  /** Opaque data of the chat layer (conversation, locale). */
  thread: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** Stored migration plans with optimistic concurrency on `version` (small: SQLite now, Azure Tables later). */
export interface PlanStore {
  /** Stores a new plan (its `version` as given, normally 1); throws on a duplicate id. */
  insert(plan: PlanRecord): void;
  get(id: string): PlanRecord | undefined;
  /** Applies `patch` when the stored version equals `expectedVersion`, bumping the version; false when stale or unknown. */
  update(id: string, expectedVersion: number, patch: Partial<Omit<PlanRecord, 'id' | 'version'>>): boolean;
  /** Plans of one cluster (id compared case-insensitively), newest first. */
  listByCluster(clusterId: string): PlanRecord[];
  /** Every plan in state `open`, oldest first. */
  listOpen(): PlanRecord[];
}

/** The whole embedded store. */
export interface Store {
  readonly conversations: ConversationStore;
  readonly requests: RequestStore;
  readonly locks: LockStore;
  readonly audit: AuditStore;
  readonly operations: OperationStore;
  readonly milestones: MilestoneStore;
  readonly settings: UserSettingsStore;
  /** The weekly readiness digest. */
  readonly digests: DigestStore;
  readonly plans: PlanStore;
  /** Approved requests waiting for their scheduled start. */
  readonly schedules: ScheduleStore;
  /** Runs `fn` atomically (nested calls join the outer transaction). */
  transaction<T>(fn: () => T): T;
  /** Schema version after migrations. */
  readonly schemaVersion: number;
  close(): void;
}
