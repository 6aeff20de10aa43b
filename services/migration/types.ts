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
  /** Nodes to convert: the pool's original nodes (else ARM `count`, else the nodes seen). */
  total: number;
  /** Original nodes gone or labelled with the target, Ready and schedulable; ARM fallback: `total`
   * once the pool is done. Surge nodes never count. */
  reimaged: number;
  /** Surge nodes seen now (not among the original nodes), when any. */
  surge?: number;
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
  /** True once the operation URL is no longer read (404/410, repeated failures, untrusted origin):
   * the outcome comes from the cluster's provisioning state and node labels. */
  fromCluster?: boolean;
}

/** No node changed for a while (typically a drain blocked by a PodDisruptionBudget). */
export interface StallNotice {
  /** Minutes since the last change of any node. */
  minutes: number;
  /** `namespace/name` of each PDB that allows no disruption now (`status.disruptionsAllowed: 0`). */
  pdbs: string[];
  /** False when the PDBs could not be read (then `pdbs` is empty and says nothing). */
  pdbsReadable: boolean;
  /** Cordoned original nodes per pool (the drains that wait). */
  draining: { pool: string; nodes: string[] }[];
}

/** An ARM error mapped to words a person can act on. */
/** Ids of the friendly explanations of ARM errors (services/migration/friendly-errors.ts). */
export type FriendlyErrorId =
  | 'error.pdb' | 'error.pdb-unnamed' | 'error.precondition' | 'error.throttled' | 'error.busy'
  | 'error.cilium-policy' | 'error.overlay-plugin' | 'error.overlay-policy' | 'error.unknown'
  | 'error.no-body' | 'error.no-etag' | 'error.not-applied' | 'error.not-approved'
  | 'error.target-not-reached' | 'error.unknown-unreadable' | 'error.unknown-unconfirmed';

/** An ARM error explained: what happened and what to do next. */
export interface FriendlyError {
  code: string;
  message: string;
  /** Only on outcomes stored before `messageId` existed: the English sentence of what happened. NetPilot no longer writes it. */
  friendly?: string;
  /** Only on outcomes stored before `messageId` existed: the English next step. NetPilot no longer writes it. */
  nextStep?: string;
  /**
   * Catalogue id of this explanation (`<id>.friendly` and `<id>.next` in i18n/errors.ts) and its
   * parameters: what chat and cards render, in the reader's language.
   */
  messageId?: FriendlyErrorId;
  params?: Readonly<Record<string, string | number>>;
  /** `namespace/name` of the PodDisruptionBudget that blocked a drain, when that was the cause. */
  pdb?: string;
}

/** How a migration ended. */
export interface MigrationOutcome {
  /** `unknown`: the watcher could not learn how it ended (operation URL gone and the cluster
   * unreadable or inconclusive for too long); `error` says what to check. */
  status: 'succeeded' | 'failed' | 'canceled' | 'unknown';
  at: string;
  durationSeconds: number;
  before: Record<string, unknown>;
  /** networkProfile read after the end. */
  after?: Record<string, unknown>;
  /** True when `after` shows the target (Succeeded only). */
  verified: boolean;
  error?: FriendlyError;
  dryRun: boolean;
  /** Only on outcomes stored by older versions (English follow-up); the chat layer now derives the next step from the outcome's fields. */
  nextStep?: string;
}

/** Receives progress; each call may be retried after a restart with the same `key`, so an
 * implementation should treat a repeated key as already handled. */
export interface ProgressNotifier {
  started(op: OperationInfo, key: string): Promise<void>;
  progress(op: OperationInfo, snapshot: ProgressSnapshot): Promise<void>;
  poolFinished(op: OperationInfo, pool: PoolProgress, key: string): Promise<void>;
  /** Once per stall (no node changed for the stall threshold). */
  stalled(op: OperationInfo, stall: StallNotice, key: string): Promise<void>;
  finished(op: OperationInfo, outcome: MigrationOutcome, key: string): Promise<void>;
  /** This instance now watches an operation another watcher (instance or earlier process) started:
   * posts that watcher claimed but never confirmed before now are its to finish. */
  adopt?(op: OperationInfo): void;
}
