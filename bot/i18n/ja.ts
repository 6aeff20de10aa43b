// Japanese catalogue of the chat layer.
import type { AzureFailureFacts } from '../../services/azure/failures.ts';
import type { Messages } from './messages.ts';

const JA_OUTCOME = { succeeded: '成功', failed: '失敗', canceled: 'キャンセル' } as const;
const JA_UNKNOWN = '結果不明';

/** Japanese title, message and hint of one Azure failure (services/azure/failures.ts). */
function jaFailure(f: AzureFailureFacts): { title: string; message: string; hint: string } {
  const sub = f.subscriptionId ? `サブスクリプション ${f.subscriptionId}` : 'サブスクリプション';
  switch (f.reason) {
    case 'out-of-scope':
      return { title: '許可されていないサブスクリプション', message: `NetPilot は ${sub} を使うように設定されていないため、アクセスしませんでした。`,
        hint: `設定済みのサブスクリプション (${(f.allowedSubscriptions ?? []).join(', ') || 'なし'}) のクラスターを指定するか、NetPilot の管理者に AZURE_SUBSCRIPTION_IDS への追加を依頼してください。` };
    case 'subscription-not-found':
      return { title: 'サブスクリプションが見つかりません', message: `Azure によると、${sub} は存在しないか、NetPilot の ID から参照できません。`,
        hint: 'サブスクリプション ID (-s またはリソース ID) を確認してください。正しい場合は、NetPilot の ID にそのサブスクリプションの閲覧者 (Reader) ロールを付与してください。' };
    case 'invalid-subscription':
      return { title: 'サブスクリプション ID ではありません', message: `${f.subscriptionId ?? '指定された値'} は有効なサブスクリプション ID ではありません。`,
        hint: 'サブスクリプション ID は 00000000-0000-0000-0000-000000000000 の形式です。Azure ポータルからコピーしてください。' };
    case 'forbidden':
      return { title: 'サブスクリプションへのアクセス権がありません', message: `NetPilot の ID には ${sub} の読み取りが許可されていません。`,
        hint: 'NetPilot の ID にサブスクリプション (またはクラスターとその VNet) の閲覧者 (Reader) ロールを付与してから、もう一度お試しください。' };
    case 'unauthenticated':
      return { title: 'NetPilot が Azure にサインインできません', message: 'Azure が NetPilot の資格情報を拒否しました (401)。',
        hint: 'NetPilot の管理者に、マネージド ID または AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_CLIENT_SECRET の確認を依頼してください。' };
    case 'not-found':
      return { title: 'Azure に見つかりません', message: `${sub} で探しているものが Azure に見つかりませんでした。`,
        hint: 'クラスター名、リソースグループ (-g)、サブスクリプション (-s) を確認してください。' };
    case 'throttled':
      return { title: 'Azure が混み合っています', message: `現在 Azure が ${sub} へのリクエストを制限しているため (429)、読み取れませんでした。`,
        hint: `${f.retryAfterSeconds ?? 60} 秒後にもう一度お試しください。` };
    case 'timeout':
      return { title: 'Azure の応答が時間内にありませんでした', message: `${sub} について Azure から時間内に応答がありませんでした。`,
        hint: '1 分ほどしてからもう一度お試しください。繰り返す場合は Azure の状態ページを確認してください。' };
    case 'unreachable':
      return { title: 'Azure に接続できません', message: 'NetPilot が Azure Resource Manager に接続できませんでした。',
        hint: '1 分ほどしてからもう一度お試しください。繰り返す場合は、NetPilot の管理者に Azure へのネットワーク経路の確認を依頼してください。' };
    default: // 'azure-error'
      return { title: 'Azure がエラーを返しました', message: `${sub} について Azure が応答できませんでした${f.status ? ` (HTTP ${f.status})` : ''}。`,
        hint: '1 分ほどしてからもう一度お試しください。繰り返す場合は Azure の状態ページを確認してください。' };
  }
}

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
  languagePinned: '今後は、どの言語で書かれたメッセージにも日本語で返信します。メッセージごとの言語に戻すには「言語 自動」と送ってください。',
  languageUnpinned: '言語の固定を解除しました。メッセージの言語（判別できない場合は Teams クライアントの言語）で返信します。',
  languageCurrent: (pinned) => (pinned
    ? `返信言語は${pinned === 'ja' ? '日本語' : '英語'}に固定されています。変更は「言語 日本語」または「言語 英語」、解除は「言語 自動」です。`
    : '返信言語は固定されていません。メッセージの言語（判別できない場合は Teams クライアントの言語）で返信します。固定するには「言語 日本語」または「言語 英語」と送ってください。'),
  languageUnknown: (given) => `「${given}」には対応していません。英語は「言語 英語」、日本語は「言語 日本語」、メッセージごとの言語に戻すには「言語 自動」と送ってください。`,
  languageNotStored: 'ここではあなたの言語設定を保存できません（メッセージにユーザー ID がないか、ストアがありません）。メッセージの言語で返信します。',
  choiceExpired: 'この選択はもう使えません。もう一度コマンドを送ってください。',
  chooseClusterQuery: (name) => `${name} という名前のクラスターが複数あります。選んでください。`,
  actionUnknown: 'このカード操作はサポートされていません。もう一度コマンドを送ってください。',
  demoExamples: ['aks-legacy をチェック', 'aks-calico はオーバーレイに移行できますか', 'クラスター一覧'],
  progressPoolDone: (pool, cluster, done, total) => `${cluster} のノードプール ${pool} が完了しました: ${done}/${total} ノードを再イメージ済み。`,
  progressFinalText: (outcome, cluster, target, duration) => (outcome === 'unknown'
    ? `${cluster} の ${target} への移行は${JA_UNKNOWN}です (${outcome})。経過時間 ${duration}。終了の仕方を確認できなかったため、NetPilot は監視を終えました。`
    : `${cluster} の ${target} への移行は${JA_OUTCOME[outcome]}しました (${outcome})。所要時間 ${duration}。`),
  progressProfileChange: (changes) => `ネットワークプロファイル（移行前 → 移行後）: ${changes}`,
  progressNextStep: (text) => `次の手順: ${text}`,
  progressDryRun: 'ドライラン: Azure には何も送信していません。',
  progressStalled: (cluster, minutes, draining) => `${cluster} の移行が ${minutes} 分間進んでいません（どのノードも変化していません）。${draining ? `ドレイン待ち: ${draining}。` : ''}ノードのドレインがブロックされている可能性があります。`,
  progressStalledPdbs: (pdbs) => `現在中断を許可していない PodDisruptionBudget: ${pdbs}。中断を 1 つ許可する（またはワークロードをスケールアウトする）ようにしてください。ドレインのタイムアウトを過ぎると AKS はプールを失敗させます。確認: \`kubectl get pdb -A\`。`,
  progressStalledNoPdb: '現在エビクションをブロックしている PodDisruptionBudget はありません。ドレイン中のノード（`kubectl get pods -A --field-selector spec.nodeName=ノード名`）と Azure portal のクラスターを確認してください。',
  progressStalledPdbUnreadable: 'PodDisruptionBudget を読み取れませんでした。`kubectl get pdb -A` で確認してください（ALLOWED DISRUPTIONS が 0 のもの）。',
  outcomeDryRunNext: '実際に実行するには BOT_EXECUTE=true を設定して、移行をもう一度リクエストしてください。',
  outcomeOverlayNext: (cluster) => `Azure CNI powered by Cilium に移行できるようになりました: \`enable cilium on ${cluster}\` と送ってください（事前チェックと承認は別途行います）。`,
  outcomeCiliumNext: (cluster) => `${cluster} でこれ以上の移行はありません。ネットワークポリシーは Cilium が適用するようになりました。想定どおりの通信が許可されているか確認し、IaC（Terraform/Bicep）を新しいネットワークプロファイルに合わせて更新してください。`,
  outcomeNothingFurther: (cluster) => `${cluster} はすでに Cilium で動作しているため、これ以上の移行はありません。IaC（Terraform/Bicep）を新しいネットワークプロファイルに合わせて更新してください。`,
  outcomePdbFriendly: (pdb) => `${pdb ? `PodDisruptionBudget ${pdb}` : 'PodDisruptionBudget'} が中断を 1 つも許可していないため、ノードのドレインがブロックされ、再イメージが停止しました。`,
  outcomePdbNext: (pdb, command) => (pdb && command
    ? `${pdb} が中断を 1 つ許可するようにするか、ワークロードをスケールアウトしてください: \`${command}\`。その後、移行をもう一度リクエストしてください（途中から再開します。ロールバックはできません）。`
    : '中断を許可していない PodDisruptionBudget を探し（`kubectl get pdb -A`）、移行の間だけ緩和してから、移行をもう一度リクエストしてください。'),
  outcomeTargetNotReachedFriendly: (target) => `Azure は成功を報告しましたが、クラスターのネットワークプロファイルが ${target} になっていません。変更は適用されていません。`,
  outcomeTargetNotReachedNext: (cluster) => `${cluster} の事前チェックをもう一度実行し、移行前後のネットワークプロファイルを比べてから、新しい承認を依頼してください。`,
  outcomeUnknownUnreadable: (cluster) => `操作の状態もクラスターも長時間読み取れなかったため、${cluster} の移行がどう終わったか NetPilot には分かりません。`,
  outcomeUnknownUnconfirmed: (cluster) => `操作の状態はもう取得できず（期限切れ）、クラスター（プロビジョニング状態とノードのラベル）でも ${cluster} の移行を確認できなかったため、どう終わったか NetPilot には分かりません。`,
  outcomeUnknownNext: (cluster, resourceGroup, target) => `クラスターを確認してください: \`az aks show -g ${resourceGroup} -n ${cluster} --query "{state: provisioningState, network: networkProfile}"\`、およびすべてのノードが Ready で ${target} のラベルを持つこと（\`kubectl get nodes --show-labels\`）。その後 \`${cluster} をチェック\` と送ってください。`,
  outcomeServiceText: (text) => `（英語の原文）${text}`,
  noticeStarted: (cluster, target, where) => `${cluster} の ${target} への移行を開始しました。進捗: ${where}`,
  noticeFinished: (outcome, cluster, target, where) => (outcome === 'unknown'
    ? `${cluster} の ${target} への移行は${JA_UNKNOWN}です (${outcome})。詳細: ${where}`
    : `${cluster} の ${target} への移行は${JA_OUTCOME[outcome]}しました (${outcome})。詳細: ${where}`),
  noticeThreadLink: (url) => `[依頼のスレッド](${url})`,
  noticeThreadNamed: (name) => `${name} の依頼スレッド`,
  statusRunning: (cluster, target, percent) => `${cluster} の ${target} への移行を実行中: ${percent}%。`,
  statusLastOutcome: (cluster, target, outcome, at) => (outcome === 'unknown'
    ? `${cluster}: 前回の ${target} への移行は${JA_UNKNOWN} (${outcome})（${at}）。クラスターを確認してください。`
    : `${cluster}: 前回の ${target} への移行は${JA_OUTCOME[outcome]} (${outcome})（${at}）。`),
  statusNoneFor: (cluster) => `${cluster} の移行はまだ依頼も実行もされていません。`,
  azureFailureTitle: (f) => jaFailure(f).title,
  azureFailureMessage: (f) => jaFailure(f).message,
  azureFailureHint: (f) => jaFailure(f).hint,
};
