// English catalogue of the approval flow.
import type { ApprovalMessages } from './approval-messages.ts';

/** English approval strings. */
export const approvalEn: ApprovalMessages = {
  tenantNotAllowed: 'This Teams tenant is not allowed to use NetPilot (ALLOWED_TENANTS).',
  notRequester: 'You are not allowed to request migrations: ask an administrator to add your Entra object id to REQUESTERS.',
  upgradeNeedTarget: (cluster) => `Migrate ${cluster} to what? Say "upgrade ${cluster} to overlay" or "enable cilium on ${cluster}".`,
  requestBlocked: (cluster, target) => `The preflight blocks ${cluster} → ${target}, so no request was created. Fix the blockers below and ask again.`,
  requestNotNeeded: (cluster, target) => `${cluster} already runs ${target}: there is nothing to request.`,
  requestNoPlan: 'The preflight produced no change to send, so no request was created.',
  requestLocked: (cluster, holder, id, state) =>
    `${cluster} already has an open request (${id}, ${state}) by ${holder}. Only one request or migration per cluster: cancel it or wait until it ends.`,
  requestPostFailed: (id) => `I could not post the approval card, so request ${id} was withdrawn. Please try again.`,
  requestSentToChannel: (id, channel) => `Request ${id} was sent to ${channel} for approval; the approvers are notified there.`,
  noSubscribedChannel:
    'Requests made in a personal chat go to a subscribed channel for approval, and no channel is subscribed. In the Teams channel that should receive approval cards, mention me and say "notify this channel", then ask again (or ask in that channel directly).',
  approvalChannelAmbiguous: (channels) =>
    `Requests made in a personal chat go to one approval channel, and several channels are subscribed (${channels}). Ask in the channel that should approve, or have an administrator set NETPILOT_APPROVAL_CHANNEL to its conversation id.`,
  approvalChannelUnset:
    'Requests made in a personal chat need an approval channel, and none is configured. Ask in the Teams channel where the approvers are, or have an administrator set NETPILOT_APPROVAL_CHANNEL to that channel\'s conversation id.',
  approvalChannelUnknown: (id) =>
    `The approval channel (NETPILOT_APPROVAL_CHANNEL=${id}) is not known to me: add NetPilot to that channel and mention me there once, then ask again. Or ask in the channel where the approvers are.`,
  entraIdRequired:
    'Your Teams message did not say who you are in Entra ID (no aadObjectId), so I cannot request, approve, reject or withdraw anything for you. Use Microsoft Teams signed in with your work account.',
  entraIdRequiredTitle: 'Who are you?',
  notViewer: 'You are not allowed to read cluster information: ask an administrator to add your Entra object id to VIEWERS.',
  notChannelManager: 'Only approvers can choose where approval cards go: ask an administrator (APPROVERS) to subscribe or unsubscribe this channel.',
  channelManagersNone: 'No approvers are configured (APPROVERS is empty), so nobody can choose where approval cards go. Ask an administrator to set APPROVERS.',
  cancelled: (cluster, id) => `Request ${id} for ${cluster} was withdrawn; nothing was changed.`,
  cancelNotAllowed: 'Only the requester or an approver can withdraw this request.',
  cancelChoose: (clusters) => `You have several pending requests (${clusters}): say "cancel CLUSTER".`,
  cancelNotPending: (cluster, state) => `The request for ${cluster} is ${state}, so it can no longer be withdrawn.`,
  invalidActionTitle: 'This card action is not valid',
  invalidAction: 'The card data is missing, altered or too large. Use the latest card, or send the command again.',
  dryRunNothingSent: 'DRY RUN: nothing was sent to Azure.',
  newBlockers: (checks) => `Blockers now: ${checks}`,
  startClusterChanged: (cluster) =>
    `The update of ${cluster} was not sent: the cluster changed after the approval (412 PreconditionFailed). The request failed; here is a fresh preflight. Request the migration again.`,
  startBusy: (cluster, friendly, next) => `The update of ${cluster} was refused because the cluster is busy (409). ${friendly} ${next} The request failed; nothing was retried.`,
  startThrottled: (cluster, friendly, next) => `The update of ${cluster} was throttled by Azure (429). ${friendly} ${next} The request failed; nothing was retried.`,
  startError: (cluster, friendly, next) => `The update of ${cluster} could not be started. ${friendly} ${next}`,
  states: {
    pending: 'pending approval', approved: 'approved', rejected: 'rejected', expired: 'expired', cancelled: 'withdrawn',
    starting: 'starting', running: 'running', succeeded: 'succeeded', failed: 'failed', unknown: 'outcome unknown',
  },
  auditKinds: {
    requested: 'Requested', approved: 'Approved', rejected: 'Rejected', expired: 'Expired', cancelled: 'Withdrawn',
    started: 'Update started', finished: 'Finished',
  },
  historyOperation: (url) => `ARM operation: ${url}`,
  historyReportHash: (hash) => `preflight ${hash.slice(0, 12)}`,
};
