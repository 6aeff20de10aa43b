// How a watched migration ended, as a MigrationOutcome: from the operation status (or, once the
// operation URL is gone, from the cluster), with the error as an explanation id and parameters.
import type { ArmError } from './friendly-errors.ts';
import { friendlyError } from './friendly-errors.ts';
import type { FriendlyError, MigrationOutcome } from './types.ts';
import type { OperationRecord } from '../store/types.ts';

/** The fields every outcome shares. */
export interface OutcomeBase {
  at: string;
  durationSeconds: number;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  dryRun: false;
}

/** Error code of an outcome the watcher could not learn. */
export const OUTCOME_UNKNOWN = 'OutcomeUnknown';

/** Why the outcome is unknown (chooses the explanation id; also a parameter for logs). */
export type UnknownReason = 'cluster-unreadable' | 'not-confirmed';

/** The outcome of an operation that reached a terminal status. */
export function terminalOutcome(op: OperationRecord, base: OutcomeBase, status: 'Succeeded' | 'Failed' | 'Canceled',
  verified: boolean, error: ArmError | undefined, clusterState: string | undefined): MigrationOutcome {
  if (status === 'Succeeded' && verified) return { ...base, status: 'succeeded', verified: true };
  if (status === 'Succeeded') return { ...base, status: 'failed', verified: false, error: targetNotReached(op) };
  const fe: FriendlyError = error ? friendlyError(error) : {
    code: clusterState === 'Failed' ? 'Failed' : status, message: '',
    messageId: 'error.no-body', params: { status },
  };
  return { ...base, status: status === 'Canceled' ? 'canceled' : 'failed', verified: false, error: fe };
}

/** Azure said Succeeded, but the network profile does not show the target. */
export function targetNotReached(op: OperationRecord): FriendlyError {
  return { code: 'TargetNotReached', message: '', messageId: 'error.target-not-reached', params: { cluster: op.clusterName, target: op.target } };
}

/** An outcome the watcher could not learn: neither succeeded nor failed, and what to check (`detail` is kept for logs as a parameter). */
export function unknownOutcome(op: OperationRecord, base: OutcomeBase, reason: UnknownReason, detail: string): MigrationOutcome {
  const error: FriendlyError = {
    code: OUTCOME_UNKNOWN, message: '',
    messageId: reason === 'cluster-unreadable' ? 'error.unknown-unreadable' : 'error.unknown-unconfirmed',
    params: { cluster: op.clusterName, resourceGroup: op.resourceGroup, target: op.target, reason, detail },
  };
  return { ...base, status: 'unknown', verified: false, error };
}
