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
}
