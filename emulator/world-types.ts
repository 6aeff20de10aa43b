// The shapes of the emulated world (plain JSON, so a state file can keep them): clusters with their
// live state, ARM async operations, runCommand records and the scheduled steps of running operations.
import type { FleetCluster, FleetKubernetes } from './fleet.ts';
import type { KubeObject } from './nodes.ts';
import type { UpdateKind } from './validation.ts';

/** An ARM async operation as its status endpoint reports it. */
export interface Operation {
  id: string;
  subscriptionId: string;
  location: string;
  status: 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';
  startTime: string;
  endTime?: string;
  error?: { code: string; message: string; details?: { code: string; message: string }[] };
}

/** A runCommand and its result (decided when it starts, revealed once `finishedAt` has passed). */
export interface CommandRecord {
  id: string;
  /** Cluster key (`sub/rg/name`, lower case). */
  cluster: string;
  startedAt: number;
  finishedAt: number;
  provisioningState: 'Succeeded' | 'Failed';
  exitCode: number;
  logs: string;
  reason?: string;
}

/** One emulated cluster: its fleet entry (ARM wire form) plus live state. */
export interface ClusterState extends Omit<FleetCluster, 'kubernetes'> {
  kubernetes?: FleetKubernetes & { nodes: KubeObject[] };
  /** Bearer token of the emulated Kubernetes API. */
  token: string;
  resourceVersion: number;
  operation?: Operation;
  /** Nodes a network migration reimaged so far (fleet pods marked `after-reimage` fail on them). */
  reimaged?: string[];
}

/** What one scheduled step of an operation does (plain JSON, so a schedule can be saved). */
export type StepAction =
  | { kind: 'cordon'; nodes: string[] }
  | { kind: 'not-ready'; nodes: string[] }
  | { kind: 'reimaged'; nodes: string[]; labels: Record<string, string> }
  | { kind: 'surge-add'; nodes: KubeObject[] }
  | { kind: 'surge-remove'; nodes: string[] }
  | { kind: 'end'; operationId: string; work: UpdateKind | 'create'; error?: Operation['error']; failedPool?: string };

/** A step with its wall-clock due time (ms since the epoch), the cluster key, and its order. */
export type ScheduledStep = StepAction & { seq: number; at: number; cluster: string };

/** The mutable world as a state file keeps it. */
export interface SavedWorld {
  clusters: (Omit<ClusterState, 'operation'> & { operationId?: string })[];
  operations: Operation[];
  schedule: ScheduledStep[];
  seq: number;
  /** runCommand results (absent in files written before runCommand existed). */
  commands?: CommandRecord[];
}
