// Japanese catalogue of the chat layer.
import type { Messages } from './messages.ts';

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
};
