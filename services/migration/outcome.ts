// How a watched migration ended, as a MigrationOutcome: from the operation status (or, once the
// operation URL is gone, from the cluster), with the error mapped to words a person can act on.
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

/** Why the outcome is unknown (carried as `error.message` detail and in logs). */
export type UnknownReason = 'cluster-unreadable' | 'not-confirmed';

/** The outcome of an operation that reached a terminal status. */
export function terminalOutcome(op: OperationRecord, base: OutcomeBase, status: 'Succeeded' | 'Failed' | 'Canceled',
  verified: boolean, error: ArmError | undefined, clusterState: string | undefined): MigrationOutcome {
  if (status === 'Succeeded' && verified) {
    const nextStep = op.target === 'overlay' && base.after.networkDataplane !== 'cilium'
      ? `Azure CNI powered by Cilium is now possible: "enable cilium on ${op.clusterName}" (its own preflight and approval).`
      : 'Update infrastructure-as-code (Terraform/Bicep) to the new networkProfile so it does not plan a replacement.';
    return { ...base, status: 'succeeded', verified: true, nextStep };
  }
  if (status === 'Succeeded') return { ...base, status: 'failed', verified: false, error: targetNotReached(op) };
  const fe: FriendlyError = error ? friendlyError(error) : {
    code: clusterState === 'Failed' ? 'Failed' : status,
    message: `The operation ended ${status} without an error body.`,
    messageId: 'error.no-body', params: { status },
    friendly: `The operation ended ${status} and Azure gave no error details.`,
    nextStep: 'Check the cluster in the Azure portal (Activity log) and run a preflight again before retrying.',
  };
  return { ...base, status: status === 'Canceled' ? 'canceled' : 'failed', verified: false, error: fe };
}

/** Azure said Succeeded, but the network profile does not show the target. */
export function targetNotReached(op: OperationRecord): FriendlyError {
  return {
    code: 'TargetNotReached', message: `The operation succeeded but the networkProfile does not show ${op.target}.`,
    friendly: `Azure reported success, yet the cluster's network profile does not show ${op.target}: the change was not applied.`,
    nextStep: `Run the preflight for ${op.clusterName} again; compare the before/after network profiles and ask for a new approval.`,
  };
}

/** An outcome the watcher could not learn: neither succeeded nor failed, and what to check. */
export function unknownOutcome(op: OperationRecord, base: OutcomeBase, reason: UnknownReason, detail: string): MigrationOutcome {
  const show = `az aks show -g ${op.resourceGroup} -n ${op.clusterName} --query "{state: provisioningState, network: networkProfile}"`;
  const friendly = reason === 'cluster-unreadable'
    ? `NetPilot could not read the operation status nor the cluster for too long, so it does not know how the migration of ${op.clusterName} ended.`
    : `The operation status is no longer available and the cluster did not confirm the migration of ${op.clusterName} (provisioning state and node labels), so NetPilot does not know how it ended.`;
  const error: FriendlyError = {
    code: OUTCOME_UNKNOWN, message: `${reason}: ${detail}`, friendly,
    nextStep: `Check the cluster's provisioning state and network profile (${show}) and that every node carries the ${op.target} label and is Ready; then run "check ${op.clusterName}".`,
  };
  return { ...base, status: 'unknown', verified: false, error };
}
