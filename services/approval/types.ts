// Approval request model: the persisted shape of a request, the events that move it, and the
// audit entries every transition produces. Pure data; no I/O, no Teams types.
import type { Target } from '../cluster/types.ts';
import type { MigrationPlan, Verdict } from '../preflight/types.ts';

/** Lifecycle of a request; terminal: rejected, expired, cancelled, succeeded, failed, unknown.
 * `starting`: the runner claimed the approved request and is sending (or has sent) the update;
 * `unknown`: the watcher could not learn how the migration ended (see the outcome). */
export type RequestState =
  | 'pending' | 'approved' | 'starting' | 'rejected' | 'expired' | 'cancelled' | 'running' | 'succeeded' | 'failed'
  | 'unknown';

/** States from which a request can never move again. */
export const TERMINAL_STATES: readonly RequestState[] = ['rejected', 'expired', 'cancelled', 'succeeded', 'failed', 'unknown'];

/** A person acting on a request: Entra object id (`aadObjectId`) and display name. */
export interface Actor {
  id: string;
  name: string;
  tenantId?: string;
  /** Other ids of the same person (e.g. the chat user id beside the Entra object id); four-eyes
   * refuses when any id of the approver matches any id of the requester. */
  aliases?: string[];
}

/** The cluster a request is about; `id` is the ARM resource id (compared case-insensitively). */
export interface ClusterRef {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** What a preflight run said, reduced to what approval decisions need. */
export interface ReportSummary {
  verdict: Verdict;
  /** Stable hash of the report (see `hashReport`). */
  hash: string;
  /** Check ids of blocker findings. */
  blockers: string[];
  /** Check ids of warning findings (each needs the `ack`). */
  warnings: string[];
}

/** Who decided and on what evidence. */
export interface DecisionRecord {
  by: Actor;
  at: string;
  reason?: string;
  reportHash?: string;
  eTag?: string | null;
}

/** How an operation ended, as recorded on the request. */
export interface RequestOutcome {
  status: 'succeeded' | 'failed' | 'canceled' | 'unknown';
  code?: string;
  message?: string;
}

/** When an approved request starts, if not at once: the cluster's next maintenance window or a time
 * the approver picked. The request stays `approved` until then (see services/schedule/). */
export interface ScheduledStartInfo {
  kind: 'window' | 'time';
  /** UTC ISO. */
  at: string;
  /** End of the maintenance window (kind `window`). */
  windowEnd?: string;
  /** Maintenance configuration name (kind `window`). */
  config?: string;
  /** How the time is shown: an IANA zone or a `±hh:mm` offset. */
  timeZone: string;
}

/** One migration request, as stored (JSON) with an optimistic `version`. */
export interface ApprovalRequest {
  id: string;
  version: number;
  state: RequestState;
  cluster: ClusterRef;
  target: Target;
  podCidr?: string;
  plan: MigrationPlan;
  requester: Actor;
  createdAt: string;
  updatedAt: string;
  /** UTC ISO; expiry is decided by comparing this with `now`, never by timers. */
  expiresAt: string;
  /** The preflight the request was created from. */
  report: ReportSummary;
  /** Cluster eTag the request's preflight saw. */
  eTag: string | null;
  /** True when nothing will be sent to Azure (BOT_EXECUTE=false). */
  dryRun: boolean;
  /** Opaque data of the chat layer (conversation reference, card activity ids); never read here. */
  thread?: Record<string, unknown>;
  decision?: DecisionRecord;
  /** The eTag the approval saw: the runner sends it as If-Match. */
  approvedETag?: string | null;
  operationId?: string;
  outcome?: RequestOutcome;
  /** Set when the approver scheduled the start (absent: it started at approval). */
  scheduledStart?: ScheduledStartInfo;
}

/** Audit kinds, append-only. */
export type AuditKind = 'requested' | 'approved' | 'rejected' | 'expired' | 'cancelled' | 'started' | 'finished';

/** One audit log entry (the store adds a sequence number). */
/**
 * What an audit entry says, as an id and typed parameters (rendered to text only at the edge, in
 * the reader's language). Entries stored before notes existed keep their English `detail` string.
 */
export type AuditNote =
  | { id: 'requested'; target: Target; podCidr?: string; dryRun: boolean }
  | { id: 'expired'; expiresAt: string }
  | { id: 'dry-run-approved' }
  | { id: 'dry-run-started' }
  /** The approver's reason, as typed. */
  | { id: 'rejected'; reason: string }
  /** How the migration ended; `message` is Azure's own text, quoted as is. */
  | { id: 'finished'; status: RequestOutcome['status']; code?: string; message?: string }
  /** Approved to start later (at `at`, UTC ISO). */
  | { id: 'scheduled'; kind: ScheduledStartInfo['kind']; at: string }
  /** A scheduled start that did not happen, and why (a scheduler refusal code). */
  | { id: 'not-started'; reason: string };

export interface AuditEntry {
  kind: AuditKind;
  requestId: string;
  clusterId: string;
  at: string;
  actor?: Actor;
  reportHash?: string;
  eTag?: string | null;
  /** ARM operation (Azure-AsyncOperation URL or operation id). */
  operation?: string;
  /** Free text of entries stored before `note` existed (English); new entries carry `note` instead. */
  detail?: string;
  note?: AuditNote;
}

/** The operation a `start` event attaches to the request. */
export interface StartedOperation {
  id: string;
  asyncOperationUrl?: string | null;
}

/** Everything that can happen to a request. */
export type ApprovalEvent =
  | { type: 'approve'; by: Actor; confirm: string | undefined; ack: string | boolean | undefined;
      reportNow: ReportSummary; eTagNow: string | null; start?: ScheduledStartInfo }
  | { type: 'reject'; by: Actor; reason?: string }
  | { type: 'cancel'; by: Actor }
  /** The runner claims an approved request before it sends anything (approved -> starting). */
  | { type: 'claim' }
  /** The scheduler found, at the scheduled time, that the request must not start (approved -> cancelled). */
  | { type: 'withdraw'; reason: string }
  | { type: 'start'; operation: StartedOperation }
  | { type: 'finish'; outcome: RequestOutcome }
  | { type: 'expire' }
  | { type: 'touch' };

/** Why a transition was refused; stable codes the chat layer maps to text. */
export type RefusalReason =
  | 'not-approver'
  | 'no-approvers'
  | 'self-approval'
  | 'wrong-confirm'
  | 'missing-ack'
  | 'expired'
  | 'not-expired'
  | 'already-decided'
  | 'cluster-changed'
  | 'new-blocker'
  | 'not-requester-or-approver'
  | 'not-pending'
  | 'not-approved'
  | 'not-running'
  /** The cluster has no eTag: an update could not be made conditional (If-Match), so it is refused. */
  | 'no-etag'
  /** The scheduled start time is malformed, past, or after the request would expire. */
  | 'bad-start-time'
  /** Only a scheduled request that has not started can be withdrawn. */
  | 'not-scheduled';

/** Result of `decide`: the next request and its audit entries, or a refusal. A refusal may still
 * carry a `next` (e.g. a pending request found expired must be persisted as expired). */
export type Decision =
  | { ok: true; next: ApprovalRequest; audit: AuditEntry[] }
  | { ok: false; reason: RefusalReason; next?: ApprovalRequest; audit?: AuditEntry[] };
