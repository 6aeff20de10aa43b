// The typed view the chat layer uses of its catalogue: the texts live in i18n/chat-en.ts and
// i18n/chat-ja.ts (ICU), this interface names each text's parameters (bot/i18n/index.ts builds it).
import type { AzureFailureFacts } from '../../services/azure/failures.ts';

/** Every user-facing string of the chat layer, in one language. */
export interface Messages {
  turnError(correlationId: string): string;
  errorTitle: string;
  clusterReadErrorTitle: string;
  clusterReadError(name: string, reason: string): string;
  clusterReadHint: string;
  needCluster: string;
  noClusters: string;
  statusNothingYet: string;
  historyNothingYet(cluster?: string): string;
  cancelNothingPending(cluster?: string): string;
  upgradeApprovalLater: string;
  subscribed: string;
  unsubscribed: string;
  notSubscribed: string;
  channelOnly: string;
  // `language` (the per-user reply language pin)
  /** The pin was stored: this reply is already in the pinned language. */
  languagePinned: string;
  /** The pin was removed: replies follow each message's language again. */
  languageUnpinned: string;
  /** `language` alone: `pinned` is the pinned language (in this catalogue's words) or undefined. */
  languageCurrent(pinned: 'en' | 'ja' | undefined): string;
  /** An argument that is not a language NetPilot speaks. */
  languageUnknown(given: string): string;
  /** The store cannot keep the pin (no store, or no user id on the activity). */
  languageNotStored: string;
  choiceExpired: string;
  chooseClusterQuery(name: string): string;
  actionUnknown: string;
  /** Three commands `npm start` suggests trying. */
  demoExamples: string[];
  // progress in the thread and notices to subscribed channels (issue 6)
  progressPoolDone(pool: string, cluster: string, done: number, total: number): string;
  /** Final message text: contains `succeeded`/`failed`/`canceled` (ja: also 成功/失敗); an unknown
   * outcome says neither succeeded nor failed. */
  progressFinalText(outcome: 'succeeded' | 'failed' | 'canceled' | 'unknown', cluster: string, target: string, duration: string): string;
  progressProfileChange(changes: string): string;
  progressNextStep(text: string): string;
  progressDryRun: string;
  /** No node changed for `minutes` (a blocked drain); `draining`: cordoned nodes, '' when none. */
  progressStalled(cluster: string, minutes: number, draining: string): string;
  /** The PDBs that allow no disruption now (`ns/name, ...`) and the command to inspect them. */
  progressStalledPdbs(pdbs: string): string;
  progressStalledNoPdb: string;
  progressStalledPdbUnreadable: string;
  // the final message's outcome texts, chosen by the bot from the outcome's structured fields
  /** Dry run finished: how to run it for real. */
  outcomeDryRunNext: string;
  /** Overlay succeeded and the dataplane is not Cilium yet: the Cilium step. */
  outcomeOverlayNext(cluster: string): string;
  /** Cilium succeeded: nothing further to migrate; what to check. */
  outcomeCiliumNext(cluster: string): string;
  /** Overlay succeeded on a cluster that already runs Cilium: nothing further. */
  outcomeNothingFurther(cluster: string): string;
  /** A drain was blocked by a PodDisruptionBudget (`namespace/name`, or undefined when not named). */
  outcomePdbFriendly(pdb: string | undefined): string;
  /** The fix for a blocking PDB; `command` is the kubectl patch to run (absent when the PDB is unnamed). */
  outcomePdbNext(pdb: string | undefined, command: string | undefined): string;
  /** English text of an outcome stored by an older version (no explanation id): as-is in English, labelled in other languages. */
  outcomeServiceText(text: string): string;
  noticeStarted(cluster: string, target: string, where: string): string;
  noticeFinished(outcome: 'succeeded' | 'failed' | 'canceled' | 'unknown', cluster: string, target: string, where: string): string;
  noticeThreadLink(url: string): string;
  noticeThreadNamed(name: string): string;
  statusRunning(cluster: string, target: string, percent: number): string;
  statusLastOutcome(cluster: string, target: string, outcome: 'succeeded' | 'failed' | 'canceled' | 'unknown', at: string): string;
  statusNoneFor(cluster: string): string;
  // Azure failures a user can cause or meet (services/azure/failures.ts decides the reason)
  /** Card title of one Azure failure. */
  azureFailureTitle(f: AzureFailureFacts): string;
  /** What happened. */
  azureFailureMessage(f: AzureFailureFacts): string;
  /** What to do (for throttling: when to try again). */
  azureFailureHint(f: AzureFailureFacts): string;
}
