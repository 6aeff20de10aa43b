// Japanese catalogue of the chat layer.
import type { Messages } from './messages.ts';

const JA_OUTCOME = { succeeded: '成功', failed: '失敗', canceled: 'キャンセル' } as const;

/** Japanese strings. */
export const ja: Messages = {
  turnError: (id) => `申し訳ありません。内部でエラーが発生しました。もう一度お試しください。繰り返し発生する場合は参照番号 ${id} をお知らせください。`,
  errorTitle: 'エラーが発生しました',
  clusterReadErrorTitle: 'クラスターを読み取れませんでした',
  clusterReadError: (name, reason) => `クラスター ${name} を読み取れませんでした: ${reason}`,
  clusterReadHint: 'NetPilot がクラスターと VNet を読み取れること（閲覧者ロール）を確認してから、もう一度お試しください。',
  needCluster: 'どのクラスターですか？ 例: aks-legacy をチェック',
  noClusters: '設定されたサブスクリプションにクラスターが見つかりませんでした。',
  statusNothingYet: 'まだありません。移行のリクエストや実行はまだ一度もありません。',
  historyNothingYet: (cluster) => `まだありません。${cluster ? `${cluster} の` : ''}リクエスト、承認、移行の記録はありません。`,
  cancelNothingPending: (cluster) => `${cluster ? `${cluster} の` : ''}キャンセルできる保留中のリクエストはありません。`,
  upgradeApprovalLater:
    'この移行の事前チェック結果です。承認リクエストはまだ有効ではなく、次の NetPilot リリースで追加されます。クラスターは変更していません。',
  subscribed: 'このチャンネルで承認カードと移行の開始/終了通知を受け取るようになりました。',
  unsubscribed: 'このチャンネルへの承認カードと移行通知を停止しました。',
  notSubscribed: 'このチャンネルは通知を登録していなかったため、停止するものはありません。',
  channelOnly: '通知はチャンネルに送られます。通知を受け取る Teams チャンネルで私をメンションして「通知」（解除は「通知を解除」）と送ってください。',
  choiceExpired: 'この選択はもう使えません。もう一度コマンドを送ってください。',
  chooseClusterQuery: (name) => `${name} という名前のクラスターが複数あります。選んでください。`,
  actionUnknown: 'このカード操作はサポートされていません。もう一度コマンドを送ってください。',
  demoExamples: ['aks-legacy をチェック', 'aks-calico はオーバーレイに移行できますか', 'クラスター一覧'],
  progressPoolDone: (pool, cluster, done, total) => `${cluster} のノードプール ${pool} が完了しました: ${done}/${total} ノードを再イメージ済み。`,
  progressFinalText: (outcome, cluster, target, duration) =>
    `${cluster} の ${target} への移行は${JA_OUTCOME[outcome]}しました (${outcome})。所要時間 ${duration}。`,
  progressProfileChange: (changes) => `ネットワークプロファイル（移行前 → 移行後）: ${changes}`,
  progressNextStep: (text) => `次の手順: ${text}`,
  progressDryRun: 'ドライラン: Azure には何も送信していません。',
  noticeStarted: (cluster, target, where) => `${cluster} の ${target} への移行を開始しました。進捗: ${where}`,
  noticeFinished: (outcome, cluster, target, where) => `${cluster} の ${target} への移行は${JA_OUTCOME[outcome]}しました (${outcome})。詳細: ${where}`,
  noticeThreadLink: (url) => `[依頼のスレッド](${url})`,
  noticeThreadNamed: (name) => `${name} の依頼スレッド`,
  statusRunning: (cluster, target, percent) => `${cluster} の ${target} への移行を実行中: ${percent}%。`,
  statusLastOutcome: (cluster, target, outcome, at) => `${cluster}: 前回の ${target} への移行は${JA_OUTCOME[outcome]} (${outcome})（${at}）。`,
  statusNoneFor: (cluster) => `${cluster} の移行はまだ依頼も実行もされていません。`,
};
