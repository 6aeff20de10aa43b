// Platform-neutral progress events of a running migration and the notifier that carries them.
// bot/ implements `ProgressNotifier` (Teams cards); services/ never knows about Teams.
import type { ClusterRef } from '../approval/types.ts';
import type { Target } from '../cluster/types.ts';
import type { NetworkProfileChange } from '../preflight/types.ts';

/** The operation a progress event is about. */
export interface OperationInfo {
  operationId: string;
  requestId: string;
  cluster: ClusterRef;
  target: Target;
  startedAt: string;
  dryRun: boolean;
  /** networkProfile before the update (ARM JSON as read). */
  before: Record<string, unknown>;
  /** The networkProfile fields the update sets. */
  change: NetworkProfileChange;
  asyncOperationUrl: string | null;
  /** The request's opaque chat data (conversation reference, card ids). */
  thread?: Record<string, unknown>;
}

/** Progress of one agent pool. */
export interface PoolProgress {
  name: string;
  /** Nodes the pool should have (ARM `count`, else the nodes seen). */
  total: number;
  /** Nodes carrying the target's labels and Ready; ARM fallback: `total` once the pool is done. */
  reimaged: number;
  /** Nodes cordoned (`spec.unschedulable`). */
  draining: number;
  /** Nodes not Ready (being reimaged). */
  notReady: number;
  provisioningState?: string;
  /** 0..100 for this pool. */
  percent: number;
  finished: boolean;
  /** Which signal the counts come from. */
  source: 'kubernetes' | 'arm';
}

/** One poll's view of the migration. */
export interface ProgressSnapshot {
  at: string;
  /** 0..100 over all nodes (ARM fallback: finished pools). */
  percent: number;
  elapsedSeconds: number;
  /** Remaining time extrapolated from progress so far; absent until something finished. */
  estimatedRemainingSeconds?: number;
  pools: PoolProgress[];
  /** False when the Kubernetes API could not be read: counts come from ARM signals. */
  kubernetesReadable: boolean;
  kubernetesError?: string;
  clusterProvisioningState?: string;
  /** LRO status: InProgress, Succeeded, Failed, Canceled (or Unknown when unreadable). */
  operationStatus: string;
}

/** An ARM error mapped to words a person can act on. */
export interface FriendlyError {
  code: string;
  message: string;
  /** One sentence saying what happened. */
  friendly: string;
  /** What to do next. */
  nextStep: string;
  /** `namespace/name` of the PodDisruptionBudget that blocked a drain, when that was the cause. */
  pdb?: string;
}

/** How a migration ended. */
export interface MigrationOutcome {
  status: 'succeeded' | 'failed' | 'canceled';
  at: string;
  durationSeconds: number;
  before: Record<string, unknown>;
  /** networkProfile read after the end. */
  after?: Record<string, unknown>;
  /** True when `after` shows the target (Succeeded only). */
  verified: boolean;
  error?: FriendlyError;
  dryRun: boolean;
  /** Suggested follow-up, e.g. Cilium after Overlay. */
  nextStep?: string;
}

/** Receives progress; each call may be retried after a restart with the same `key`, so an
 * implementation should treat a repeated key as already handled. */
export interface ProgressNotifier {
  started(op: OperationInfo, key: string): Promise<void>;
  progress(op: OperationInfo, snapshot: ProgressSnapshot): Promise<void>;
  poolFinished(op: OperationInfo, pool: PoolProgress, key: string): Promise<void>;
  finished(op: OperationInfo, outcome: MigrationOutcome, key: string): Promise<void>;
}
