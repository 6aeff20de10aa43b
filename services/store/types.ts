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
  /** Serialised poller state (`poller.toString()`), when available. */
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

/** The whole embedded store. */
export interface Store {
  readonly conversations: ConversationStore;
  readonly requests: RequestStore;
  readonly locks: LockStore;
  readonly audit: AuditStore;
  readonly operations: OperationStore;
  readonly milestones: MilestoneStore;
  readonly settings: UserSettingsStore;
  /** Approved requests waiting for their scheduled start. */
  readonly schedules: ScheduleStore;
  /** Runs `fn` atomically (nested calls join the outer transaction). */
  transaction<T>(fn: () => T): T;
  /** Schema version after migrations. */
  readonly schemaVersion: number;
  close(): void;
}
