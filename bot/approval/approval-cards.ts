// The approval cards of a request and their life in Teams: building the approval, decided and
// refusal cards, posting the approval card into the request's thread (@mentioning the approvers from
// the roster), and replacing it for everyone once the request is decided.
import type { ConversationReference, TurnContext } from 'botbuilder';
import type { ApprovalRequestView, ApprovalScheduleView, Decision, RefusalCardData } from '../../cards/approval-card.ts';
import { toAttachment, type AdaptiveCard } from '../../cards/types.ts';
import type { ApprovalService } from '../../services/approval/service.ts';
import { noApproversConfigured } from '../../services/approval/policy.ts';
import type { ApprovalRequest, RequestState } from '../../services/approval/types.ts';
import type { Reply } from '../commands/types.ts';
import { approvalMessages } from '../i18n/approval.ts';
import type { Locale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { CardKit } from '../ports.ts';
import { pickApprovers, rosterOf } from './roster.ts';
import { readThread, type ApprovalThread } from './thread.ts';
import { scheduledLine } from './start-options.ts';
import { withTeamsRetry } from '../proactive/teams-retry.ts';

/** The adapter's proactive entry point (CloudAdapter satisfies it). */
export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** What building and posting the cards needs (part of the desk's dependencies). */
export interface ApprovalCardDeps {
  service: ApprovalService;
  cards: CardKit;
  /** The bot's adapter; resolved lazily because the server is built after the services. */
  adapter: () => ProactiveAdapter;
  /** `MicrosoftAppId` ('' when inbound auth is off). */
  appId: string;
  logger: Logger;
}

/** Reason codes of the service mapped to the refusal card's codes. */
const REFUSAL_CODE: Record<string, RefusalCardData['code']> = {
  'not-approver': 'not-approver',
  'not-requester-or-approver': 'not-approver',
  'self-approval': 'self-approval',
  expired: 'expired',
  'already-decided': 'already-decided',
  'not-pending': 'already-decided',
  conflict: 'already-decided',
  'cluster-changed': 'cluster-changed',
  'new-blocker': 'blocker-appeared',
  'wrong-confirm': 'confirm-mismatch',
  'missing-ack': 'ack-missing',
  'unknown-request': 'unknown-request',
  'no-approvers': 'no-approvers',
  'no-etag': 'no-etag',
};

/** How the decided card shows a request state (pending has no decided card). */
export function decisionOf(state: RequestState): Decision | undefined {
  switch (state) {
    case 'pending': return undefined;
    case 'approved': case 'starting': case 'running': case 'succeeded': case 'unknown': return 'approved';
    case 'rejected': return 'rejected';
    case 'expired': return 'expired';
    case 'cancelled': return 'cancelled';
    case 'failed': return 'failed';
  }
}

function requestView(r: ApprovalRequest): ApprovalRequestView {
  return {
    id: r.id, clusterName: r.cluster.name, resourceGroup: r.cluster.resourceGroup, subscriptionId: r.cluster.subscriptionId,
    target: r.target, requestedBy: { name: r.requester.name || r.requester.id }, requestedAt: r.createdAt, expiresAt: r.expiresAt,
  };
}

/** The approval, decided and refusal cards of requests, and their posts and updates in Teams. */
export class ApprovalCards {
  private readonly deps: ApprovalCardDeps;

  constructor(deps: ApprovalCardDeps) {
    this.deps = deps;
  }

  /** The refusal card; `backToApproval` leads back to the approval controls (retryable refusals only). */
  refusal(reason: string, request: ApprovalRequest | undefined, locale: Locale, detail?: string,
    backToApproval?: { requestId: string }): Reply {
    const m = approvalMessages(locale);
    const code = REFUSAL_CODE[reason] ?? reason;
    const parts = [detail, request?.dryRun ? m.dryRunNothingSent : undefined].filter((x): x is string => Boolean(x));
    return { card: this.deps.cards.refusal({ code, ...(parts.length > 0 ? { message: parts.join(' ') } : {}),
      ...(backToApproval ? { backToApproval } : {}), locale }) };
  }

  decidedCard(request: ApprovalRequest, locale: Locale): AdaptiveCard {
    const decision = decisionOf(request.state) ?? 'approved';
    const failedReason = request.state === 'failed' ? request.outcome?.message : undefined;
    return this.deps.cards.decided({
      request: requestView(request), decision,
      ...(request.decision?.by && decision !== 'expired' && decision !== 'failed'
        ? { by: { name: request.decision.by.name || request.decision.by.id } } : {}),
      at: request.decision?.at ?? request.updatedAt,
      ...(request.decision?.reason || failedReason ? { reason: request.decision?.reason ?? failedReason } : {}),
      dryRun: request.dryRun, locale,
      ...(scheduledLine(request, locale) ? { scheduled: scheduledLine(request, locale) } : {}),
    });
  }

  approvalCard(request: ApprovalRequest, thread: ApprovalThread, view: 'actionable' | 'readonly' | 'posted',
    mentions = thread.approverMentions ?? [], refreshUserIds = thread.refreshUserIds ?? [], schedule?: ApprovalScheduleView): AdaptiveCard {
    const policy = this.deps.service.rules;
    return this.deps.cards.approval({
      request: requestView(request), report: thread.report, pools: thread.pools, approverMentions: mentions,
      selfApprovalAllowed: policy.allowSelfApproval, dryRun: request.dryRun, view, refreshUserIds,
      ...(noApproversConfigured(policy) ? { approversStatus: 'none-configured' as const } : {}),
      ...(schedule ? { schedule } : {}),
      locale: thread.locale,
    });
  }

  /** Posts the approval card into the request's thread, @mentioning the approvers from its roster. */
  async postApprovalCard(request: ApprovalRequest): Promise<void> {
    const thread = readThread(request);
    if (!thread) throw new Error(`request ${request.id} has no chat data`);
    let cardActivityId: string | undefined;
    let mentions: ApprovalThread['approverMentions'] = [];
    await withTeamsRetry(() => this.deps.adapter().continueConversationAsync(this.deps.appId, thread.reference, async (context) => {
      const members = await rosterOf(context, this.deps.logger);
      mentions = pickApprovers(members, this.deps.service.rules, request.requester);
      const card = this.approvalCard(request, thread, 'posted', mentions, mentions.map((a) => a.id));
      const sent = await context.sendActivity({ type: 'message', attachments: [toAttachment(card)] });
      cardActivityId = sent?.id;
    }));
    this.deps.service.attachThread(request.id, {
      ...(cardActivityId ? { cardActivityId } : {}), approverMentions: mentions, refreshUserIds: mentions.map((a) => a.id),
    });
  }

  /** Replaces the card for everyone with the decided card once the request left `pending`; each
   * decision is shown once (claimed in the request's chat data before the update is sent). */
  async syncCard(request: ApprovalRequest): Promise<void> {
    const current = this.deps.service.get(request.id) ?? request;
    const decision = decisionOf(current.state);
    const thread = readThread(current);
    if (!decision || !thread?.cardActivityId) return;
    if ((current.thread as { cardShows?: unknown }).cardShows === decision) return;
    this.deps.service.attachThread(current.id, { cardShows: decision });
    const card = this.decidedCard(current, thread.locale);
    try {
      await this.send(thread, { type: 'message', id: thread.cardActivityId, attachments: [toAttachment(card)] }, true);
    } catch (err) {
      this.deps.logger.warn({ err, requestId: current.id }, 'could not replace the approval card');
    }
  }

  async send(thread: ApprovalThread, activity: Record<string, unknown>, update = false): Promise<void> {
    await withTeamsRetry(() => this.deps.adapter().continueConversationAsync(this.deps.appId, thread.reference, async (context) => {
      if (update) await context.updateActivity(activity);
      else await context.sendActivity(activity);
    }));
  }
}
