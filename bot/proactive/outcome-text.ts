// The final message's "what happened" and "next step" in the thread's language, chosen from the
// outcome's structured fields (status, target, dry run, after profile, error code, PDB name). Only
// where an outcome stored by an older version gives nothing structured is its English text shown, labelled in Japanese.
import type { MigrationOutcome, OperationInfo } from '../../services/migration/types.ts';
import { messages, type Locale } from '../i18n/index.ts';
import { renderFriendlyError } from '../../i18n/errors.ts';

/** The localised explanation of a failure (`friendly`) and the suggested next step, when any. */
export interface OutcomeText {
  friendly?: string;
  nextStep?: string;
}

/** The kubectl patch that lets a PodDisruptionBudget (`namespace/name` or `name`) allow one disruption. */
export function pdbPatchCommand(pdb: string): string {
  const [namespace, name] = pdb.includes('/') ? pdb.split('/', 2) : ['default', pdb];
  return `kubectl patch pdb ${name} -n ${namespace} --type merge -p '{"spec":{"minAvailable":null,"maxUnavailable":1}}'`;
}

/** Error codes that mean a node drain was blocked by a PodDisruptionBudget. */
const PDB_CODES = /^(PodDrainFailure|PodDisruptionBudgetViolation)$/i;

/** What the final message says about the outcome, in `locale`. */
export function outcomeText(op: OperationInfo, outcome: MigrationOutcome, locale: Locale): OutcomeText {
  const m = messages(locale);
  const cluster = op.cluster.name;
  if (outcome.dryRun) return { nextStep: m.outcomeDryRunNext };
  if (outcome.status === 'succeeded') {
    if (op.target === 'cilium') return { nextStep: m.outcomeCiliumNext(cluster) };
    const dataplane = outcome.after?.networkDataplane ?? outcome.before.networkDataplane;
    return { nextStep: dataplane === 'cilium' ? m.outcomeNothingFurther(cluster) : m.outcomeOverlayNext(cluster) };
  }
  const error = outcome.error;
  if (!error) return {};
  if (error.pdb || PDB_CODES.test(error.code)) {
    return { friendly: m.outcomePdbFriendly(error.pdb), nextStep: m.outcomePdbNext(error.pdb, error.pdb ? pdbPatchCommand(error.pdb) : undefined) };
  }
  if (error.messageId) return renderFriendlyError(error, locale);
  // Outcomes stored before explanation ids: the id follows from the structured fields where it can.
  const params = { cluster, resourceGroup: op.cluster.resourceGroup, target: op.target };
  if (outcome.status === 'unknown') {
    const messageId = error.message.startsWith('cluster-unreadable') ? 'error.unknown-unreadable' : 'error.unknown-unconfirmed';
    return renderFriendlyError({ ...error, messageId, params }, locale);
  }
  if (error.code === 'TargetNotReached') return renderFriendlyError({ ...error, messageId: 'error.target-not-reached', params }, locale);
  return { friendly: m.outcomeServiceText(error.friendly ?? error.message), nextStep: m.outcomeServiceText(error.nextStep ?? '') };
}
