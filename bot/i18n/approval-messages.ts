// The typed view of the approval flow's catalogue (requests, approve/reject/refresh/cancel, history, start
// refusals): the texts live in i18n/approval-en.ts and i18n/approval-ja.ts (ICU); bot/i18n/approval.ts builds it.

/** Every user-facing string of the approval flow, in one language. */
export interface ApprovalMessages {
  tenantNotAllowed: string;
  notRequester: string;
  upgradeNeedTarget(cluster: string): string;
  requestBlocked(cluster: string, target: string): string;
  requestNotNeeded(cluster: string, target: string): string;
  requestNoPlan: string;
  requestLocked(cluster: string, holder: string, requestId: string, state: string): string;
  requestPostFailed(requestId: string): string;
  requestSentToChannel(requestId: string, channel: string): string;
  noSubscribedChannel: string;
  /** Demo mode, several subscribed channels and no NETPILOT_APPROVAL_CHANNEL. */
  approvalChannelAmbiguous(channels: string): string;
  /** Production rules and no NETPILOT_APPROVAL_CHANNEL: personal-chat requests have nowhere to go. */
  approvalChannelUnset: string;
  /** NETPILOT_APPROVAL_CHANNEL names a conversation the bot has never seen (not installed there). */
  approvalChannelUnknown(conversationId: string): string;
  /** Production rules: the activity carries no Entra object id (`from.aadObjectId`). */
  entraIdRequired: string;
  entraIdRequiredTitle: string;
  /** VIEWERS is set and the user is neither viewer, requester nor approver. */
  notViewer: string;
  /** subscribe/unsubscribe by someone who is not an approver. */
  notChannelManager: string;
  /** subscribe/unsubscribe while APPROVERS is empty under production rules. */
  channelManagersNone: string;
  cancelled(cluster: string, requestId: string): string;
  cancelNotAllowed: string;
  cancelChoose(clusters: string): string;
  cancelNotPending(cluster: string, state: string): string;
  invalidActionTitle: string;
  invalidAction: string;
  dryRunNothingSent: string;
  newBlockers(checks: string): string;
  startClusterChanged(cluster: string): string;
  startBusy(cluster: string, friendly: string, nextStep: string): string;
  startThrottled(cluster: string, friendly: string, nextStep: string): string;
  startError(cluster: string, friendly: string, nextStep: string): string;
  /** Words for request states (as the history and lock messages show them). */
  states: Record<'pending' | 'approved' | 'starting' | 'rejected' | 'expired' | 'cancelled' | 'running' | 'succeeded' | 'failed' | 'unknown', string>;
  /** Headlines of audit entries on the history card. */
  auditKinds: Record<'requested' | 'approved' | 'rejected' | 'expired' | 'cancelled' | 'started' | 'finished', string>;
  historyOperation(url: string): string;
  historyReportHash(hash: string): string;
}
