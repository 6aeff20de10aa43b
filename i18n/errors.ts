// Friendly explanations of ARM errors (ids from services/migration/friendly-errors.ts) in each
// language: `<id>.friendly` says what happened, `<id>.next` what to do; `retryAfter`, when given,
// is appended by the renderer. Outcomes stored before ids existed keep their English text.
import { IntlMessageFormat } from 'intl-messageformat';
import type { FriendlyError, FriendlyErrorId } from '../services/migration/types.ts';
import type { Lang } from './render.ts';

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
} as const satisfies Record<ErrorTextId, string>;

/** The error catalogues; both hold exactly the same ids (type) and arguments (test). */
export const ERROR_CATALOGUES: Readonly<Record<Lang, Readonly<Record<ErrorTextId, string>>>> = { en: errorsEn, ja: errorsJa };

const RETRY_AFTER: Record<Lang, string> = { en: ' (Retry-After: {s} s)', ja: '（Retry-After: {s} 秒）' };

function format(text: string, lang: Lang, params: Readonly<Record<string, string | number>>): string {
  return String(new IntlMessageFormat(text, lang, undefined, { ignoreTag: true }).format(params));
}

/** What happened and what to do next, in `lang`; the stored English text when the error has no id. */
export function renderFriendlyError(error: FriendlyError, lang: Lang): { friendly: string; nextStep: string } {
  if (!error.messageId) return { friendly: error.friendly, nextStep: error.nextStep };
  const params = error.params ?? {};
  const c = ERROR_CATALOGUES[lang];
  const retry = typeof params.retryAfter === 'number' ? RETRY_AFTER[lang].replace('{s}', String(params.retryAfter)) : '';
  return {
    friendly: format(c[`${error.messageId}.friendly`], lang, params),
    nextStep: `${format(c[`${error.messageId}.next`], lang, params)}${retry}`,
  };
}
