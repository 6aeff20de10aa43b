// The shape of a message catalogue: every user-facing string of bot/ lives in en.ts and ja.ts.

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
  choiceExpired: string;
  chooseClusterQuery(name: string): string;
  actionUnknown: string;
  /** Three commands `npm start` suggests trying. */
  demoExamples: string[];
  // progress in the thread and notices to subscribed channels (issue 6)
  progressPoolDone(pool: string, cluster: string, done: number, total: number): string;
  /** Final message text: contains `succeeded`/`failed`/`canceled` (ja: also 成功/失敗). */
  progressFinalText(outcome: 'succeeded' | 'failed' | 'canceled', cluster: string, target: string, duration: string): string;
  progressProfileChange(changes: string): string;
  progressNextStep(text: string): string;
  progressDryRun: string;
  noticeStarted(cluster: string, target: string, where: string): string;
  noticeFinished(outcome: 'succeeded' | 'failed' | 'canceled', cluster: string, target: string, where: string): string;
  noticeThreadLink(url: string): string;
  noticeThreadNamed(name: string): string;
  statusRunning(cluster: string, target: string, percent: number): string;
  statusLastOutcome(cluster: string, target: string, outcome: 'succeeded' | 'failed' | 'canceled', at: string): string;
  statusNoneFor(cluster: string): string;
}
