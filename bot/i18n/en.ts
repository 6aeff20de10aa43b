// English catalogue of the chat layer.
import type { AzureFailureFacts } from '../../services/azure/failures.ts';
import type { Messages } from './messages.ts';

/** English title, message and hint of one Azure failure (services/azure/failures.ts). */
function enFailure(f: AzureFailureFacts): { title: string; message: string; hint: string } {
  const sub = f.subscriptionId ? `subscription ${f.subscriptionId}` : 'the subscription';
  switch (f.reason) {
    case 'out-of-scope':
      return { title: 'Subscription not allowed', message: `NetPilot is not configured to use ${sub}, so I did not contact it.`,
        hint: `Name a cluster in a configured subscription (${(f.allowedSubscriptions ?? []).join(', ') || 'none'}), or ask the NetPilot administrator to add it to AZURE_SUBSCRIPTION_IDS.` };
    case 'subscription-not-found':
      return { title: 'Subscription not found', message: `Azure says ${sub} does not exist or NetPilot's identity cannot see it.`,
        hint: "Check the subscription id (-s or the resource id). If it is right, grant NetPilot's identity the Reader role on the subscription." };
    case 'invalid-subscription':
      return { title: 'Not a subscription id', message: `${f.subscriptionId ?? 'That'} is not a valid subscription id.`,
        hint: 'A subscription id looks like 00000000-0000-0000-0000-000000000000; copy it from the Azure portal.' };
    case 'forbidden':
      return { title: 'No access to the subscription', message: `NetPilot's identity is not allowed to read ${sub}.`,
        hint: "Grant NetPilot's identity the Reader role on the subscription (or on the cluster and its VNet), then try again." };
    case 'unauthenticated':
      return { title: 'NetPilot cannot sign in to Azure', message: 'Azure refused NetPilot\'s credentials (401).',
        hint: 'Ask the NetPilot administrator to check its managed identity or AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_CLIENT_SECRET.' };
    case 'not-found':
      return { title: 'Not found in Azure', message: `Azure could not find what I looked for in ${sub}.`,
        hint: 'Check the cluster name, resource group (-g) and subscription (-s).' };
    case 'throttled':
      return { title: 'Azure is busy', message: `Azure is throttling requests to ${sub} right now (429), so I could not read it.`,
        hint: `Try again in ${f.retryAfterSeconds ?? 60} s.` };
    case 'timeout':
      return { title: 'Azure did not answer in time', message: `Azure did not answer quickly enough for ${sub}.`,
        hint: 'Try again in a minute. If it keeps happening, check the Azure status page.' };
    case 'unreachable':
      return { title: 'Azure could not be reached', message: 'NetPilot could not connect to Azure Resource Manager.',
        hint: 'Try again in a minute. If it keeps happening, ask the NetPilot administrator to check the network path to Azure.' };
    default: // 'azure-error'
      return { title: 'Azure answered with an error', message: `Azure could not answer for ${sub}${f.status ? ` (HTTP ${f.status})` : ''}.`,
        hint: 'Try again in a minute. If it keeps happening, check the Azure status page.' };
  }
}

/** English strings. */
export const en: Messages = {
  turnError: (id) => `Sorry, something went wrong on my side. Please try again; if it keeps happening, quote reference ${id}.`,
  errorTitle: 'Something went wrong',
  clusterReadErrorTitle: 'Could not read the cluster',
  clusterReadError: (name, reason) => `I could not read cluster ${name}: ${reason}`,
  clusterReadHint: 'Check that NetPilot can read the cluster (Reader on the cluster and its VNet), then try again.',
  needCluster: 'Which cluster? For example: check aks-legacy',
  noClusters: 'I found no clusters in the configured subscriptions.',
  statusNothingYet: 'Nothing yet: no migration has been requested or run.',
  historyNothingYet: (cluster) => `Nothing yet: no requests, approvals or migrations recorded${cluster ? ` for ${cluster}` : ''}.`,
  cancelNothingPending: (cluster) => `Nothing pending to cancel${cluster ? ` for ${cluster}` : ''}.`,
  upgradeApprovalLater:
    'Here is the preflight for this migration. Approval requests are not switched on yet: they arrive with the next NetPilot release, so nothing was changed.',
  subscribed: 'This channel now receives approval cards and migration start/finish notices.',
  unsubscribed: 'This channel no longer receives approval cards or migration notices.',
  notSubscribed: 'This channel was not subscribed, so there was nothing to stop.',
  channelOnly: 'Notifications go to a channel: mention me in the Teams channel that should receive them and say "subscribe" (or "unsubscribe") there.',
  languagePinned: 'From now on I reply to you in English, whatever language you write in. Say "language auto" to follow each message again.',
  languageUnpinned: 'Your language pin is removed: I answer in the language of each message (or of your Teams client when a message does not say).',
  languageCurrent: (pinned) => (pinned
    ? `I reply to you in ${pinned === 'ja' ? 'Japanese' : 'English'} (pinned). Change it with "language en" or "language ja"; "language auto" removes the pin.`
    : 'No language is pinned: I answer in the language of each message (or of your Teams client when a message does not say). Pin one with "language en" or "language ja".'),
  languageUnknown: (given) => `"${given}" is not a language I speak. Say "language en" for English, "language ja" for Japanese, or "language auto" to follow each message.`,
  languageNotStored: 'I cannot remember a language for you here (no user id on this message, or no store). I answer in the language of each message instead.',
  choiceExpired: 'That choice can no longer be used. Please send the command again.',
  chooseClusterQuery: (name) => `More than one cluster is called ${name}. Choose one.`,
  actionUnknown: 'This card action is not supported (any more). Please send the command again.',
  demoExamples: ['check aks-legacy', 'aks-calico をチェック', 'list clusters'],
  progressPoolDone: (pool, cluster, done, total) => `Node pool ${pool} of ${cluster} is done: ${done}/${total} nodes reimaged.`,
  progressFinalText: (outcome, cluster, target, duration) => (outcome === 'unknown'
    ? `Migration of ${cluster} to ${target}: outcome unknown after ${duration}. NetPilot stopped watching because it could not confirm how it ended.`
    : `Migration of ${cluster} to ${target} ${outcome} after ${duration}.`),
  progressProfileChange: (changes) => `Network profile (before → after): ${changes}`,
  progressNextStep: (text) => `Next step: ${text}`,
  progressDryRun: 'Dry run: nothing was sent to Azure.',
  progressStalled: (cluster, minutes, draining) => `The migration of ${cluster} has not moved for ${minutes} minutes: no node changed.${draining ? ` Waiting to drain: ${draining}.` : ''} A node drain is probably blocked.`,
  progressStalledPdbs: (pdbs) => `PodDisruptionBudgets that allow no disruption now: ${pdbs}. Let them allow one (or scale their workloads up), or AKS fails the pool when the drain timeout ends. Inspect with \`kubectl get pdb -A\`.`,
  progressStalledNoPdb: 'No PodDisruptionBudget blocks evictions right now; check the draining nodes (`kubectl get pods -A --field-selector spec.nodeName=NODE`) and the cluster in the Azure portal.',
  progressStalledPdbUnreadable: 'The PodDisruptionBudgets could not be read: check them with `kubectl get pdb -A` (look for ALLOWED DISRUPTIONS 0).',
  outcomeDryRunNext: 'Set BOT_EXECUTE=true and request the migration again to run it for real.',
  outcomeOverlayNext: (cluster) => `Azure CNI powered by Cilium is now possible: say \`enable cilium on ${cluster}\` (it gets its own preflight and approval).`,
  outcomeCiliumNext: (cluster) => `Nothing further to migrate on ${cluster}. Cilium now enforces the network policies: check that they still allow the traffic you expect, and update infrastructure-as-code (Terraform/Bicep) to the new network profile.`,
  outcomeNothingFurther: (cluster) => `Nothing further to migrate on ${cluster}: it already runs Cilium. Update infrastructure-as-code (Terraform/Bicep) to the new network profile.`,
  outcomePdbFriendly: (pdb) => `A node drain was blocked by ${pdb ? `the PodDisruptionBudget ${pdb}` : 'a PodDisruptionBudget'}, which allows no disruption, so the reimage stopped.`,
  outcomePdbNext: (pdb, command) => (pdb && command
    ? `Let ${pdb} allow one disruption (or scale its workload up): \`${command}\`, then request the migration again (it resumes; it cannot be rolled back).`
    : 'Find the budgets that allow no disruption (`kubectl get pdb -A`), relax them for the migration, then request the migration again.'),
  outcomeTargetNotReachedFriendly: (target) => `Azure reported success, yet the cluster's network profile does not show ${target}: the change was not applied.`,
  outcomeTargetNotReachedNext: (cluster) => `Run the preflight for ${cluster} again, compare the before/after network profiles and ask for a new approval.`,
  outcomeUnknownUnreadable: (cluster) => `NetPilot could read neither the operation status nor the cluster for too long, so it does not know how the migration of ${cluster} ended.`,
  outcomeUnknownUnconfirmed: (cluster) => `The operation status is no longer available (it expires) and the cluster did not confirm the migration of ${cluster} (provisioning state and node labels), so NetPilot does not know how it ended.`,
  outcomeUnknownNext: (cluster, resourceGroup, target) => `Check the cluster: \`az aks show -g ${resourceGroup} -n ${cluster} --query "{state: provisioningState, network: networkProfile}"\` and that every node is Ready with the ${target} label (\`kubectl get nodes --show-labels\`); then say \`check ${cluster}\`.`,
  outcomeServiceText: (text) => text,
  noticeStarted: (cluster, target, where) => `Migration of ${cluster} to ${target} started. Progress: ${where}`,
  noticeFinished: (outcome, cluster, target, where) => (outcome === 'unknown'
    ? `Migration of ${cluster} to ${target}: outcome unknown (NetPilot could not confirm it). Details: ${where}`
    : `Migration of ${cluster} to ${target} ${outcome}. Details: ${where}`),
  noticeThreadLink: (url) => `[the request's thread](${url})`,
  noticeThreadNamed: (name) => `the request's thread in ${name}`,
  statusRunning: (cluster, target, percent) => `Migration of ${cluster} to ${target} is running: ${percent}%.`,
  statusLastOutcome: (cluster, target, outcome, at) => (outcome === 'unknown'
    ? `${cluster}: last migration to ${target} ended with an unknown outcome (${at}); check the cluster.`
    : `${cluster}: last migration to ${target} ${outcome} (${at}).`),
  statusNoneFor: (cluster) => `Nothing yet: no migration has been requested or run for ${cluster}.`,
  azureFailureTitle: (f) => enFailure(f).title,
  azureFailureMessage: (f) => enFailure(f).message,
  azureFailureHint: (f) => enFailure(f).hint,
};
