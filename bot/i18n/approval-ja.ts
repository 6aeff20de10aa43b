// Japanese catalogue of the approval flow.
import type { ApprovalMessages } from './approval-messages.ts';

/** Japanese approval strings. */
export const approvalJa: ApprovalMessages = {
  tenantNotAllowed: 'この Teams テナントは NetPilot を利用できません（ALLOWED_TENANTS）。',
  notRequester: '移行をリクエストする権限がありません。管理者に Entra オブジェクト ID を REQUESTERS に追加するよう依頼してください。',
  upgradeNeedTarget: (cluster) => `${cluster} を何に移行しますか？「${cluster} をオーバーレイに移行」または「${cluster} を Cilium にアップグレード」と送ってください。`,
  requestBlocked: (cluster, target) => `${cluster} → ${target} は事前チェックでブロックされたため、リクエストは作成していません。以下のブロッカーを解消してからもう一度依頼してください。`,
  requestNotNeeded: (cluster, target) => `${cluster} はすでに ${target} です。リクエストは不要です。`,
  requestNoPlan: '事前チェックで送信する変更がなかったため、リクエストは作成していません。',
  requestLocked: (cluster, holder, id, state) =>
    `${cluster} にはすでに ${holder} さんの未完了のリクエスト（${id}、${state}）があります。クラスターごとにリクエストまたは移行は 1 つだけです。取り下げるか終了を待ってください。`,
  requestPostFailed: (id) => `承認カードを投稿できなかったため、リクエスト ${id} を取り下げました。もう一度お試しください。`,
  requestSentToChannel: (id, channel) => `リクエスト ${id} を承認のため ${channel} に送りました。承認者にはそちらで通知されます。`,
  noSubscribedChannel:
    '個人チャットでのリクエストは、通知を登録したチャンネルに承認のため送られますが、登録済みのチャンネルがありません。承認カードを受け取る Teams チャンネルで私をメンションして「このチャンネルに通知」と送ってから、もう一度依頼してください（そのチャンネルで直接依頼することもできます）。',
  approvalChannelAmbiguous: (channels) =>
    `個人チャットでのリクエストは 1 つの承認チャンネルに送られますが、複数のチャンネルが登録されています（${channels}）。承認するチャンネルで直接依頼するか、管理者に NETPILOT_APPROVAL_CHANNEL にそのチャンネルの会話 ID を設定するよう依頼してください。`,
  approvalChannelUnset:
    '個人チャットでのリクエストには承認チャンネルが必要ですが、設定されていません。承認者のいる Teams チャンネルで依頼するか、管理者に NETPILOT_APPROVAL_CHANNEL にそのチャンネルの会話 ID を設定するよう依頼してください。',
  approvalChannelUnknown: (id) =>
    `承認チャンネル（NETPILOT_APPROVAL_CHANNEL=${id}）を私は知りません。そのチャンネルに NetPilot を追加して一度メンションしてから、もう一度依頼してください。承認者のいるチャンネルで直接依頼することもできます。`,
  entraIdRequired:
    'Teams のメッセージに Entra ID の利用者情報（aadObjectId）がないため、リクエスト・承認・却下・取り下げはできません。職場アカウントでサインインした Microsoft Teams から操作してください。',
  entraIdRequiredTitle: '利用者を確認できません',
  notViewer: 'クラスター情報を閲覧する権限がありません。管理者に Entra オブジェクト ID を VIEWERS に追加するよう依頼してください。',
  notChannelManager: '承認カードの送り先を変更できるのは承認者だけです。このチャンネルの登録・解除は管理者（APPROVERS）に依頼してください。',
  channelManagersNone: '承認者が設定されていない（APPROVERS が空）ため、承認カードの送り先は誰も変更できません。管理者に APPROVERS の設定を依頼してください。',
  cancelled: (cluster, id) => `${cluster} のリクエスト ${id} を取り下げました。クラスターは変更していません。`,
  cancelNotAllowed: 'このリクエストを取り下げられるのはリクエスト者か承認者だけです。',
  cancelChoose: (clusters) => `保留中のリクエストが複数あります（${clusters}）。「クラスター名 をキャンセル」と送ってください。`,
  cancelNotPending: (cluster, state) => `${cluster} のリクエストは「${state}」のため、取り下げられません。`,
  invalidActionTitle: 'このカード操作は無効です',
  invalidAction: 'カードのデータがない、改変された、または大きすぎます。最新のカードを使うか、もう一度コマンドを送ってください。',
  dryRunNothingSent: 'ドライラン: Azure には何も送信していません。',
  newBlockers: (checks) => `現在のブロッカー: ${checks}`,
  startClusterChanged: (cluster) =>
    `${cluster} の更新は送信されませんでした。承認後にクラスターが変更されました（412 PreconditionFailed）。リクエストは失敗しました。最新の事前チェック結果を示します。もう一度移行をリクエストしてください。`,
  startBusy: (cluster, friendly, next) => `${cluster} はビジー状態のため更新が拒否されました（409）。${friendly} ${next} リクエストは失敗し、再試行はしていません。`,
  startThrottled: (cluster, friendly, next) => `${cluster} の更新は Azure に制限されました（429）。${friendly} ${next} リクエストは失敗し、再試行はしていません。`,
  startError: (cluster, friendly, next) => `${cluster} の更新を開始できませんでした。${friendly} ${next}`,
  states: {
    pending: '承認待ち', approved: '承認済み', rejected: '却下', expired: '期限切れ', cancelled: '取り下げ',
    starting: '開始中', running: '実行中', succeeded: '成功', failed: '失敗', unknown: '結果不明',
  },
  auditKinds: {
    requested: 'リクエスト', approved: '承認', rejected: '却下', expired: '期限切れ', cancelled: '取り下げ',
    started: '更新開始', finished: '終了',
  },
  historyOperation: (url) => `ARM 操作: ${url}`,
  historyReportHash: (hash) => `事前チェック ${hash.slice(0, 12)}`,
};
