// Friendly explanations of ARM errors (ids from services/migration/friendly-errors.ts) in each
// language: `<id>.friendly` says what happened, `<id>.next` what to do; `retryAfter`, when given,
// is appended by the renderer. Outcomes stored before ids existed keep their English text.
import type { FriendlyError, FriendlyErrorId } from '../services/migration/types.ts';
import { formatIcu, type Lang } from './render.ts';

type ErrorTextId = `${FriendlyErrorId}.${'friendly' | 'next'}`;

const errorsEn = {
  'error.pdb.friendly': 'A node drain was blocked by the PodDisruptionBudget {pdb}, which allows no disruption, so the reimage stopped.',
  'error.pdb.next': 'Let {pdb} allow one disruption (or scale its workload up): {command}, then run the update again (it resumes; it cannot be rolled back).',
  'error.pdb-unnamed.friendly': 'A node drain was blocked by a PodDisruptionBudget, which allows no disruption, so the reimage stopped.',
  'error.pdb-unnamed.next': 'Find budgets with 0 allowed disruptions (kubectl get pdb -A), relax them for the migration, then run the update again.',
  'error.precondition.friendly': 'The cluster changed after the approval (its eTag no longer matches), so nothing was sent.',
  'error.precondition.next': 'Run the preflight again and ask for a new approval.',
  'error.throttled.friendly': 'Azure throttled the request (AKS allows about one cluster update per minute).',
  'error.throttled.next': 'Wait at least the Retry-After time, then request the migration again.',
  'error.busy.friendly': 'Another operation is running on the cluster, so Azure refused the update.',
  'error.busy.next': 'Wait until the cluster shows provisioningState Succeeded, then request the migration again.',
  'error.cilium-policy.friendly': 'Azure refuses Cilium dataplane without network policy cilium.',
  'error.cilium-policy.next': 'Send networkDataplane=cilium together with networkPolicy=cilium (NetPilot plans both); report this as a bug.',
  'error.overlay-plugin.friendly': 'Overlay mode was sent without changing the network plugin from kubenet to azure.',
  'error.overlay-plugin.next': 'Send networkPlugin=azure with networkPluginMode=overlay; report this as a bug.',
  'error.overlay-policy.friendly': 'Overlay cannot be enabled while a network policy engine (Azure NPM or Calico) is installed.',
  'error.overlay-policy.next': 'Set networkPolicy=none as a separate update first (below Kubernetes 1.30, upgrade Kubernetes first).',
  'error.unknown.friendly': 'Azure reported {code}: {message}',
  'error.unknown.next': 'Check the cluster in the Azure portal (Activity log) and run a preflight again before retrying.',
  'error.no-body.friendly': 'The operation ended {status} and Azure gave no error details.',
  'error.no-body.next': 'Check the cluster in the Azure portal (Activity log) and run a preflight again before retrying.',
  'error.no-etag.friendly': 'Azure returned no eTag for the cluster, so the update could not be made conditional (If-Match) and was not sent.',
  'error.no-etag.next': 'Run the preflight again and ask for a new approval; if the eTag is still missing, check the cluster in the Azure portal.',
  'error.not-applied.friendly': 'The connection to Azure failed while the update was sent, and the cluster shows no change: the update was not applied.',
  'error.not-applied.next': 'Request the migration again (it needs a new approval).',
  'error.not-approved.friendly': 'The request is not approved (any more), so nothing was sent.',
  'error.not-approved.next': 'Check `status` for the cluster.',
  'error.target-not-reached.friendly': 'Azure reported success, yet the cluster\'s network profile does not show {target}: the change was not applied.',
  'error.target-not-reached.next': 'Run the preflight for {cluster} again, compare the before/after network profiles and ask for a new approval.',
  'error.unknown-unreadable.friendly': 'NetPilot could read neither the operation status nor the cluster for too long, so it does not know how the migration of {cluster} ended.',
  'error.unknown-unreadable.next': 'Check the cluster: `az aks show -g {resourceGroup} -n {cluster} --query "\'{\'state: provisioningState, network: networkProfile\'}\'"` and that every node is Ready with the {target} label (`kubectl get nodes --show-labels`); then say `check {cluster}`.',
  'error.unknown-unconfirmed.friendly': 'The operation status is no longer available (it expires) and the cluster did not confirm the migration of {cluster} (provisioning state and node labels), so NetPilot does not know how it ended.',
  'error.unknown-unconfirmed.next': 'Check the cluster: `az aks show -g {resourceGroup} -n {cluster} --query "\'{\'state: provisioningState, network: networkProfile\'}\'"` and that every node is Ready with the {target} label (`kubectl get nodes --show-labels`); then say `check {cluster}`.',
} as const satisfies Record<ErrorTextId, string>;

const errorsJa = {
  'error.pdb.friendly': 'PodDisruptionBudget {pdb} が中断を許可していないためノードのドレインが妨げられ、再イメージ化が止まりました。',
  'error.pdb.next': '{pdb} が中断を 1 つ許可するようにする（またはワークロードをスケールアップする）: {command}。その後、更新をもう一度実行してください（続きから再開します。ロールバックはできません）。',
  'error.pdb-unnamed.friendly': 'PodDisruptionBudget が中断を許可していないためノードのドレインが妨げられ、再イメージ化が止まりました。',
  'error.pdb-unnamed.next': '許可される中断が 0 の PodDisruptionBudget を探し（kubectl get pdb -A）、移行の間だけ緩めてから、更新をもう一度実行してください。',
  'error.precondition.friendly': '承認後にクラスターが変更された（eTag が一致しない）ため、何も送信していません。',
  'error.precondition.next': '事前チェックを再実行し、改めて承認を依頼してください。',
  'error.throttled.friendly': 'Azure がリクエストを制限しました（AKS のクラスター更新はおよそ 1 分に 1 回までです）。',
  'error.throttled.next': '少なくとも Retry-After の時間待ってから、移行をもう一度リクエストしてください。',
  'error.busy.friendly': 'クラスターで別の操作が実行中のため、Azure が更新を拒否しました。',
  'error.busy.next': 'クラスターの provisioningState が Succeeded になるまで待ってから、移行をもう一度リクエストしてください。',
  'error.cilium-policy.friendly': 'Azure は networkPolicy cilium なしでは Cilium データプレーンを受け付けません。',
  'error.cilium-policy.next': 'networkDataplane=cilium と networkPolicy=cilium を一緒に送ってください（NetPilot は両方を計画します）。不具合として報告してください。',
  'error.overlay-plugin.friendly': 'ネットワークプラグインを kubenet から azure に変更せずにオーバーレイモードが送信されました。',
  'error.overlay-plugin.next': 'networkPlugin=azure と networkPluginMode=overlay を一緒に送ってください。不具合として報告してください。',
  'error.overlay-policy.friendly': 'ネットワークポリシーエンジン（Azure NPM または Calico）がインストールされている間は、オーバーレイを有効にできません。',
  'error.overlay-policy.next': '先に別の更新として networkPolicy=none を設定してください（Kubernetes 1.30 未満の場合は、先に Kubernetes をアップグレードします）。',
  'error.unknown.friendly': 'Azure がエラー {code} を返しました（原文: {message}）',
  'error.unknown.next': 'Azure portal でクラスター（アクティビティ ログ）を確認し、再試行の前に事前チェックをもう一度実行してください。',
  'error.no-body.friendly': '操作は {status} で終了しましたが、Azure からエラーの詳細は返されませんでした。',
  'error.no-body.next': 'Azure portal でクラスター（アクティビティ ログ）を確認し、再試行の前に事前チェックをもう一度実行してください。',
  'error.no-etag.friendly': 'Azure がクラスターの eTag を返さなかったため、更新を条件付き（If-Match）にできず、送信していません。',
  'error.no-etag.next': '事前チェックを再実行し、改めて承認を依頼してください。eTag が返されないままの場合は、Azure portal でクラスターを確認してください。',
  'error.not-applied.friendly': '更新の送信中に Azure との接続が失敗し、クラスターに変更は見られません。更新は適用されていません。',
  'error.not-applied.next': '移行をもう一度リクエストしてください（改めて承認が必要です）。',
  'error.not-approved.friendly': 'このリクエストは（もう）承認された状態ではないため、何も送信していません。',
  'error.not-approved.next': 'クラスターの `status` を確認してください。',
  'error.target-not-reached.friendly': 'Azure は成功を報告しましたが、クラスターのネットワークプロファイルが {target} になっていません。変更は適用されていません。',
  'error.target-not-reached.next': '{cluster} の事前チェックをもう一度実行し、移行前後のネットワークプロファイルを比べてから、新しい承認を依頼してください。',
  'error.unknown-unreadable.friendly': '操作の状態もクラスターも長時間読み取れなかったため、{cluster} の移行がどう終わったか NetPilot には分かりません。',
  'error.unknown-unreadable.next': 'クラスターを確認してください: `az aks show -g {resourceGroup} -n {cluster} --query "\'{\'state: provisioningState, network: networkProfile\'}\'"`、およびすべてのノードが Ready で {target} のラベルを持つこと（`kubectl get nodes --show-labels`）。その後 `{cluster} をチェック` と送ってください。',
  'error.unknown-unconfirmed.friendly': '操作の状態はもう取得できず（期限切れ）、クラスター（プロビジョニング状態とノードのラベル）でも {cluster} の移行を確認できなかったため、どう終わったか NetPilot には分かりません。',
  'error.unknown-unconfirmed.next': 'クラスターを確認してください: `az aks show -g {resourceGroup} -n {cluster} --query "\'{\'state: provisioningState, network: networkProfile\'}\'"`、およびすべてのノードが Ready で {target} のラベルを持つこと（`kubectl get nodes --show-labels`）。その後 `{cluster} をチェック` と送ってください。',
} as const satisfies Record<ErrorTextId, string>;

/** The error catalogues; both hold exactly the same ids (type) and arguments (test). */
export const ERROR_CATALOGUES: Readonly<Record<Lang, Readonly<Record<ErrorTextId, string>>>> = { en: errorsEn, ja: errorsJa };

const RETRY_AFTER: Record<Lang, string> = { en: ' (Retry-After: {retryAfter, number} s)', ja: '（Retry-After: {retryAfter, number} 秒）' };

/** What happened and what to do next, in `lang`; for an outcome stored before ids existed, its stored English text. */
export function renderFriendlyError(error: FriendlyError, lang: Lang): { friendly: string; nextStep: string } {
  if (!error.messageId) return { friendly: error.friendly ?? '', nextStep: error.nextStep ?? '' };
  const params = error.params ?? {};
  const c = ERROR_CATALOGUES[lang];
  const retry = typeof params.retryAfter === 'number' ? formatIcu(lang, RETRY_AFTER[lang], params) : '';
  return {
    friendly: formatIcu(lang, c[`${error.messageId}.friendly`], params),
    nextStep: `${formatIcu(lang, c[`${error.messageId}.next`], params)}${retry}`,
  };
}
