// Approval workflow cards: the approval request (actionable, read-only or posted), the decided card and the
// refusal card. Approve/Reject carry only `{ requestId }`; everything else is looked up server-side.
import { renderFinding } from '../i18n/render.ts';
import type { PreflightReport } from '../services/preflight/types.ts';
import type { Target } from '../services/cluster/types.ts';
import { escapeMarkdown, firstOf, formatInstant, moreText, profileFacts, targetLabel, truncate } from './format.ts';
import { cardText, type CardText, type CardTextId } from './strings/index.ts';
import { renderTemplate } from './template.ts';
import type { AdaptiveCard, Instant, Locale } from './types.ts';

/** The request facts an approval card shows. */
export interface ApprovalRequestView {
  id: string;
  clusterName: string;
  resourceGroup: string;
  subscriptionId: string;
  target: Target;
  requestedBy: { name: string };
  requestedAt: Instant;
  expiresAt: Instant;
}

/** One node pool the migration reimages. */
export interface ApprovalPool {
  name: string;
  count: number;
  maxSurge: string | number | null;
}

/** The views of the approval card:
 * - `actionable`: the confirm/ack inputs and Approve/Reject; refreshes for `refreshUserIds`;
 * - `readonly`: the same facts, "awaiting approval", no inputs, no actions, no refresh;
 * - `posted`: the read-only facts plus a `refresh` (verb `refresh`) and an "open the approval controls"
 *   button (verb `refresh`), so each approver's client fetches their own actionable view. */
export type ApprovalCardView = 'actionable' | 'readonly' | 'posted';

/** Input of buildApprovalCard. */
export interface ApprovalCardData {
  request: ApprovalRequestView;
  report: PreflightReport;
  pools: ApprovalPool[];
  /** Approvers to @mention (Teams user id or Entra object id, and display name). */
  approverMentions: { id: string; name: string }[];
  selfApprovalAllowed: boolean;
  dryRun: boolean;
  /** Which view to render (see `ApprovalCardView`). */
  view: ApprovalCardView;
  /** `none-configured`: the approvers line says no approvers are configured (set APPROVERS) instead of
   * naming any; nobody can approve, so a `posted` view then offers no refresh and no button. */
  approversStatus?: 'none-configured';
  /** Teams user ids (`29:...`) whose clients refresh the card automatically (at most 60 are kept). */
  refreshUserIds?: string[];
  /** The start choice (actionable view); absent: the update starts at approval. */
  schedule?: ApprovalScheduleView;
  locale: Locale;
}

/** The start choice of the actionable view (texts already in the card's language). */
export interface ApprovalScheduleView {
  label: string;
  /** `now`, `window` (only when the cluster has a window before the expiry) and `time`. */
  choices: { title: string; value: 'now' | 'window' | 'time' }[];
  dateLabel: string;
  timeLabel: string;
  /** Earliest date the date input offers (`yyyy-mm-dd`). */
  minDate: string;
  /** Notes under the inputs (why no window, what a scheduled start does). */
  notes: string[];
}

/** Final states of a request as the decided card shows them. */
export type Decision = 'approved' | 'rejected' | 'expired' | 'cancelled' | 'failed';

/** Input of buildDecidedCard. */
export interface DecidedCardData {
  request: ApprovalRequestView;
  decision: Decision;
  by?: { name: string };
  at: Instant;
  reason?: string;
  dryRun: boolean;
  /** When a scheduled request starts (already in the card's language). */
  scheduled?: string;
  locale: Locale;
}

/** Reason codes of a refused approval action with a catalogue text; other codes show their message. */
export type RefusalCode =
  | 'not-approver'
  | 'self-approval'
  | 'expired'
  | 'already-decided'
  | 'cluster-changed'
  | 'blocker-appeared'
  | 'confirm-mismatch'
  | 'ack-missing'
  | 'unknown-request'
  | 'locked'
  | 'no-approvers'
  | 'no-etag';

/** Input of buildRefusalCard: a reason code and the specific message (e.g. which blocker). */
export interface RefusalCardData {
  code: RefusalCode | (string & {});
  message?: string;
  /** Adds a "Back to the approval card" button (`Action.Execute`, verb `refresh`, data `{ requestId }`)
   * for refusals the approver fixes on the card (a confirm typo, a missed ack). */
  backToApproval?: { requestId: string };
  locale: Locale;
}

/** The Action.Execute verbs the approval card uses. */
export const APPROVAL_VERBS = { approve: 'approve', reject: 'reject', refresh: 'refresh' } as const;

const VERDICT_WORD: Record<PreflightReport['verdict'], CardTextId> = {
  ready: 'verdictWordReady',
  blocked: 'verdictWordBlocked',
  'not-needed': 'verdictWordNotNeeded',
  incomplete: 'verdictWordIncomplete',
};

const MAX_WARNINGS = 15;
const MAX_POOLS = 30;
const MAX_REFRESH_USERS = 60;

function requestFacts(r: ApprovalRequestView, t: CardText) {
  return [
    { title: t('factCluster'), value: r.clusterName },
    { title: t('factResourceGroup'), value: r.resourceGroup },
    { title: t('factSubscription'), value: r.subscriptionId },
    { title: t('factTarget'), value: targetLabel(r.target, t) },
    { title: t('factRequestedBy'), value: escapeMarkdown(r.requestedBy.name) },
    { title: t('factRequestedAt'), value: formatInstant(r.requestedAt) },
    { title: t('factExpiresAt'), value: formatInstant(r.expiresAt) },
    { title: t('factRequestId'), value: r.id },
  ];
}

/** `<at>Name</at>`, the mention text Teams matches against the card's entities. */
export function mentionText(name: string): string {
  return `<at>${name}</at>`;
}

/** Builds the approval card in one of its views (see spec/interfaces.md §5); irreversibility is always stated. */
export function buildApprovalCard(data: ApprovalCardData): AdaptiveCard {
  const t = cardText(data.locale);
  const { request, report } = data;
  const actionable = data.view === 'actionable';
  const noneConfigured = data.approversStatus === 'none-configured';
  const posted = data.view === 'posted' && !noneConfigured;
  const warnings = report.findings.filter((f) => f.severity === 'warning');
  const shownWarnings = firstOf(warnings, MAX_WARNINGS);
  const shownPools = firstOf(data.pools, MAX_POOLS);
  const totalNodes = data.pools.reduce((sum, p) => sum + p.count, 0);
  const mentions = noneConfigured ? [] : data.approverMentions.map((m) => ({ id: m.id, name: m.name, text: mentionText(m.name) }));
  const plan = report.plan;
  return renderTemplate('approval', {
    actionable,
    posted,
    refreshes: actionable || posted,
    noneConfigured,
    hasWarnings: warnings.length > 0,
    requestId: request.id,
    refreshUserIds: (data.refreshUserIds ?? []).slice(0, MAX_REFRESH_USERS),
    mentions,
    title: t('approvalTitle', { cluster: request.clusterName, target: targetLabel(request.target, t) }),
    awaiting: t('approvalAwaiting'),
    irreversible: t('approvalIrreversible', { nodes: totalNodes, pools: data.pools.length }),
    dryRun: data.dryRun ? t('dryRunNote') : '',
    facts: [...requestFacts(request, t), { title: t('factVerdict'), value: t(VERDICT_WORD[report.verdict]) }],
    approvers: noneConfigured
      ? t('approvalNoneConfigured')
      : mentions.length > 0
        ? t('approvalApprovers', { mentions: mentions.map((m) => m.text).join(', ') })
        : t('approvalNoApprovers'),
    selfApproval: data.selfApprovalAllowed ? t('approvalSelfAllowed') : '',
    planTitle: t('planTitle'),
    planFacts: plan
      ? profileFacts(plan.networkProfile)
      : [{ title: t('factTarget'), value: targetLabel(request.target, t) }],
    azTitle: t('azCommandTitle'),
    azCommand: plan?.azCommand ?? t('unknown'),
    poolsTitle: t('poolsTitle', { total: totalNodes }),
    pools: shownPools.shown.map((p) => ({
      title: p.name,
      value: t('poolRow', { count: p.count, surge: p.maxSurge === null || p.maxSurge === '' ? '10%' : String(p.maxSurge) }),
    })),
    poolsMore: moreText(shownPools.more, t),
    warningsTitle: t('warningsTitle', { count: warnings.length }),
    warnings: shownWarnings.shown.map((f) => {
      const texts = renderFinding(f, data.locale);
      return { title: truncate(texts.title, 160, t), check: f.check, detail: truncate(texts.detail, 300, t) };
    }),
    warningsMore: moreText(shownWarnings.more, t),
    ackLabel: t('ackLabel'),
    ackTitle: t('ackTitle', { count: warnings.length }),
    ackError: t('ackError'),
    confirmLabel: t('confirmLabel', { cluster: request.clusterName }),
    confirmPlaceholder: t('confirmPlaceholder', { cluster: request.clusterName }),
    confirmError: t('confirmError'),
    approveTitle: data.dryRun ? t('approveButtonDryRun') : t('approveButton'),
    rejectTitle: t('rejectButton'),
    openControlsTitle: t('approvalOpenControls'),
    hasSchedule: data.schedule !== undefined,
    scheduleLabel: data.schedule?.label ?? '',
    scheduleChoices: data.schedule?.choices ?? [],
    scheduleDateLabel: data.schedule?.dateLabel ?? '',
    scheduleTimeLabel: data.schedule?.timeLabel ?? '',
    scheduleMinDate: data.schedule?.minDate ?? '',
    scheduleNotes: (data.schedule?.notes ?? []).map((text) => ({ text })),
  });
}

const DECISION_LOOK: Record<Decision, { title: CardTextId; word: CardTextId; color: string; style: string }> = {
  approved: { title: 'decidedApproved', word: 'decisionApproved', color: 'Good', style: 'good' },
  rejected: { title: 'decidedRejected', word: 'decisionRejected', color: 'Attention', style: 'attention' },
  expired: { title: 'decidedExpired', word: 'decisionExpired', color: 'Default', style: 'emphasis' },
  cancelled: { title: 'decidedCancelled', word: 'decisionCancelled', color: 'Default', style: 'emphasis' },
  failed: { title: 'decidedFailed', word: 'decisionFailed', color: 'Attention', style: 'attention' },
};

/** Builds the decided card that replaces the approval card for everyone (no inputs, no actions). */
export function buildDecidedCard(data: DecidedCardData): AdaptiveCard {
  const t = cardText(data.locale);
  const look = DECISION_LOOK[data.decision];
  const target = targetLabel(data.request.target, t);
  const at = formatInstant(data.at);
  const decision = t(look.word);
  return renderTemplate('decided', {
    title: t(look.title, { cluster: data.request.clusterName, target }),
    color: look.color,
    style: look.style,
    who: data.by ? t('decidedBy', { decision, name: escapeMarkdown(data.by.name), at }) : t('decidedAt', { decision, at }),
    reason: data.reason ? t('decidedReason', { text: escapeMarkdown(data.reason.slice(0, 500)) }) : '',
    starting: data.decision === 'approved' && !data.scheduled ? t('decidedStarting') : '',
    scheduled: data.scheduled ?? '',
    dryRun: data.dryRun ? (data.decision === 'approved' ? t('dryRunNote') : t('dryRunDoneNote')) : '',
    facts: requestFacts(data.request, t),
  });
}

const REFUSAL_TEXT: Record<RefusalCode, CardTextId> = {
  'not-approver': 'refusalNotApprover',
  'self-approval': 'refusalSelfApproval',
  expired: 'refusalExpired',
  'already-decided': 'refusalAlreadyDecided',
  'cluster-changed': 'refusalClusterChanged',
  'blocker-appeared': 'refusalBlockerAppeared',
  'confirm-mismatch': 'refusalConfirmMismatch',
  'ack-missing': 'refusalAckMissing',
  'unknown-request': 'refusalUnknownRequest',
  locked: 'refusalLocked',
  'no-approvers': 'refusalNoApprovers',
  'no-etag': 'refusalNoETag',
};

/** Builds the refusal card: why an approval action was not done, with its reason code visible, and
 * (with `backToApproval`) a button that fetches the clicker's approval card again. */
export function buildRefusalCard(data: RefusalCardData): AdaptiveCard {
  const t = cardText(data.locale);
  const key = REFUSAL_TEXT[data.code as RefusalCode] as CardTextId | undefined;
  const lead = key ? t(key) : (data.message ?? data.code);
  const message = key && data.message ? data.message.slice(0, 1000) : '';
  return renderTemplate('refusal', {
    title: t('refusalTitle'),
    lead,
    message,
    code: t('refusalCode', { code: data.code }),
    back: data.backToApproval !== undefined,
    requestId: data.backToApproval?.requestId ?? '',
    backTitle: t('refusalBackToApproval'),
  });
}
