// The glue between Teams and the ApprovalService: turns requests and card actions into service calls
// and cards, posts the approval card where the approvers are (same thread, or for a personal chat the
// NETPILOT_APPROVAL_CHANNEL; in demo mode without it, the one subscribed channel), @mentions them from the roster, and replaces the card for everyone once a
// request is decided. Every public method answers with a reply; only card posts/updates are sent here.
import type { ConversationReference, TurnContext } from 'botbuilder';
import type { ApprovalPool, ApprovalRequestView, ApprovalScheduleView, Decision, RefusalCardData } from '../../cards/approval-card.ts';
import { toAttachment, type AdaptiveCard } from '../../cards/types.ts';
import type { ApprovalService, ActionResult } from '../../services/approval/service.ts';
import { entraIdRequired, mayApprove, mayRequest, noApproversConfigured } from '../../services/approval/policy.ts';
import type { Actor, ApprovalRequest, RequestState } from '../../services/approval/types.ts';
import type { PreflightRunner } from '../../services/approval/live-preflight.ts';
import type { ClusterDirectory } from '../../services/azure/cluster-directory.ts';
import { isApprovable } from '../../services/preflight/types.ts';
import { UserError } from '../../services/cluster/errors.ts';
import type { RunResult } from '../../services/migration/runner.ts';
import type { ConversationStore } from '../../services/store/types.ts';
import type { ConversationInfo, Reply, UserInfo } from '../commands/types.ts';
import { approvalMessages } from '../i18n/approval.ts';
import { messages, type Locale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { ApprovalActionInput, ApprovalPort, CardKit, Gate, TeamsUser, UpgradeRequestInput } from '../ports.ts';
import { approvalDestination, type Destination } from './approval-channel.ts';
import { pickApprovers, rosterOf } from './roster.ts';
import { baseConversationId, readThread, type ApprovalThread } from './thread.ts';
import { renderAuditNote } from '../../i18n/audit.ts';
import { renderFriendlyError } from '../../i18n/errors.ts';
import { scheduleText } from '../../i18n/schedule.ts';
import type { StartInputs } from '../../services/schedule/start-choice.ts';
import { scheduledLine, type StartOptions } from './start-options.ts';
import { withTeamsRetry } from '../proactive/teams-retry.ts';

/** The adapter's proactive entry point (CloudAdapter satisfies it). */
export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** Constructor dependencies of the desk. */
export interface ApprovalDeskDeps {
  service: ApprovalService;
  cards: CardKit;
  /** Conversation references (a getter, so a reopened store is picked up). */
  conversations: () => ConversationStore;
  /** The bot's adapter; resolved lazily because the server is built after the services. */
  adapter: () => ProactiveAdapter;
  /** `MicrosoftAppId` ('' when inbound auth is off). */
  appId: string;
  /** For the fresh preflight posted after a 412. */
  directory: Pick<ClusterDirectory, 'snapshot'>;
  runPreflight: PreflightRunner;
  logger: Logger;
  /** `NETPILOT_APPROVAL_CHANNEL`: conversation id where approval cards of personal-chat requests go. */
  approvalChannel?: string;
  /** The start choice (now / next maintenance window / a picked time); absent: starts at approval. */
  startOptions?: StartOptions;
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

/** Refusals the approver fixes on the card itself (a typo in `confirm`, a missed `ack`): the refusal
 * card then leads back to the approval controls, because it replaced them in the clicker's client. */
const RETRYABLE_REFUSALS: ReadonlySet<string> = new Set(['wrong-confirm', 'missing-ack']);

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

/** The Entra identity of a Teams user (object id when Teams sent one), with the Teams user id as an
 * alias so four-eyes compares both. */
export function actorOf(user: UserInfo): Actor {
  const tenantId = (user as TeamsUser).tenantId;
  const id = user.aadObjectId || user.id;
  const aliases = user.aadObjectId && user.id && user.id !== user.aadObjectId ? [user.id] : [];
  return { id, name: user.name ?? user.aadObjectId ?? user.id, ...(tenantId ? { tenantId } : {}), ...(aliases.length > 0 ? { aliases } : {}) };
}


function requestView(r: ApprovalRequest): ApprovalRequestView {
  return {
    id: r.id, clusterName: r.cluster.name, resourceGroup: r.cluster.resourceGroup, subscriptionId: r.cluster.subscriptionId,
    target: r.target, requestedBy: { name: r.requester.name || r.requester.id }, requestedAt: r.createdAt, expiresAt: r.expiresAt,
  };
}

/** The ApprovalPort over the ApprovalService and the bot's adapter. */
export class ApprovalDesk implements ApprovalPort {
  private readonly deps: ApprovalDeskDeps;
  private readonly background = new Set<Promise<unknown>>();

  constructor(deps: ApprovalDeskDeps) {
    this.deps = deps;
  }

  mayRequest(user: UserInfo, locale: Locale, conversation?: ConversationInfo): Gate {
    const m = approvalMessages(locale);
    if (this.lacksEntraId(user)) return { ok: false, reply: { text: m.entraIdRequired } };
    const r = mayRequest(this.deps.service.rules, actorOf(user));
    if (!r.ok) return { ok: false, reply: { text: r.reason === 'wrong-tenant' ? m.tenantNotAllowed : m.notRequester } };
    const dest = conversation ? this.destination(conversation, locale) : undefined;
    if (dest && 'refused' in dest) return { ok: false, reply: { text: dest.refused } };
    return { ok: true };
  }

  /** Production rules: request, approve, reject and cancel need the Entra object id Teams sends. */
  private lacksEntraId(user: UserInfo): boolean {
    return entraIdRequired(this.deps.service.rules) && !user.aadObjectId?.trim();
  }

  /** The card answering an approve/reject from a user without an Entra object id. */
  private entraIdRefusal(locale: Locale): Reply {
    const m = approvalMessages(locale);
    return { card: this.deps.cards.error({ title: m.entraIdRequiredTitle, message: m.entraIdRequired, locale }) };
  }

  async request(input: UpgradeRequestInput): Promise<Reply> {
    const { locale, cluster, target, report } = input;
    const m = approvalMessages(locale);
    const preflightCard = (): AdaptiveCard => this.deps.cards.preflight({ reports: [report], locale });
    const allowed = this.mayRequest(input.user, locale);
    if (!allowed.ok) return allowed.reply;
    if (report.verdict === 'not-needed') return { text: m.requestNotNeeded(cluster.name, target), card: preflightCard() };
    if (!isApprovable(report.verdict)) return { text: m.requestBlocked(cluster.name, target), card: preflightCard() };

    const dest = this.destination(input.conversation, locale);
    if ('refused' in dest) return { text: dest.refused };
    const pools: ApprovalPool[] = input.snapshot.agentPools.map((p) => ({ name: p.name, count: p.count ?? 0, maxSurge: p.maxSurge ?? null }));
    const thread: ApprovalThread = {
      reference: dest.conversation.reference as Partial<ConversationReference>,
      conversationId: dest.conversation.conversationId, locale, report, pools,
      ...(dest.elsewhere ? { originConversationId: input.conversation.id } : {}),
      ...(input.plan ? { plan: input.plan } : {}),
    };
    const actor = actorOf(input.user);
    const created = await this.deps.service.createRequest({
      cluster, target, podCidr: input.podCidr, requester: actor, preflight: { report, eTag: input.eTag },
      thread: thread as unknown as Record<string, unknown>, // the service keeps chat data as opaque JSON
    });
    if (!created.ok) {
      switch (created.reason) {
        case 'locked': {
          const holder = created.holderRequest?.requester.name ?? created.holder?.holder.name ?? '?';
          const id = created.holderRequest?.id ?? created.holder?.requestId ?? '?';
          const state = created.holderRequest ? m.states[created.holderRequest.state] : m.states.pending;
          return { text: m.requestLocked(cluster.name, holder, id, state) };
        }
        case 'not-requester': return { text: m.notRequester };
        case 'wrong-tenant': return { text: m.tenantNotAllowed };
        case 'not-needed': return { text: m.requestNotNeeded(cluster.name, target), card: preflightCard() };
        case 'blocked': return { text: m.requestBlocked(cluster.name, target), card: preflightCard() };
        case 'no-plan': return { text: m.requestNoPlan };
      }
    }
    const request = created.request;
    try {
      await this.postApprovalCard(request);
    } catch (err) {
      this.deps.logger.error({ err, requestId: request.id }, 'could not post the approval card');
      await this.deps.service.cancel(request.id, actor);
      return { text: m.requestPostFailed(request.id) };
    }
    if (dest.elsewhere) {
      const conv = dest.conversation.reference.conversation as { name?: unknown } | undefined;
      const name = typeof conv?.name === 'string' && conv.name ? conv.name : dest.conversation.conversationId;
      return { text: m.requestSentToChannel(request.id, name) };
    }
    return {};
  }

  async approve(input: ApprovalActionInput & { confirm?: string; ack?: string | boolean } & StartInputs): Promise<Reply> {
    if (this.lacksEntraId(input.user)) return this.entraIdRefusal(input.locale);
    const known = this.ownRequest(input);
    if (!known) return this.refusal('unknown-request', undefined, input.locale);
    const start = this.deps.startOptions ? await this.deps.startOptions.check(known, input, input.timeZone, input.locale) : { ok: true as const };
    if (!start.ok) return this.refusal('bad-start-time', known, input.locale, start.message, known.state === 'pending' ? { requestId: known.id } : undefined);
    const result = await this.deps.service.approve(input.requestId, actorOf(input.user), { confirm: input.confirm, ack: input.ack,
      ...(start.start ? { start: start.start } : {}) });
    return this.answer(result, input.locale);
  }

  async reject(input: ApprovalActionInput & { reason?: string }): Promise<Reply> {
    if (this.lacksEntraId(input.user)) return this.entraIdRefusal(input.locale);
    const known = this.ownRequest(input);
    if (!known) return this.refusal('unknown-request', undefined, input.locale);
    const result = await this.deps.service.reject(input.requestId, actorOf(input.user), input.reason);
    return this.answer(result, input.locale);
  }

  async refresh(input: ApprovalActionInput): Promise<Reply> {
    const request = this.ownRequest(input);
    if (!request) return this.refusal('unknown-request', undefined, input.locale);
    if (request.state !== 'pending') {
      await this.syncCard(request);
      return { card: this.decidedCard(request, input.locale) };
    }
    const thread = readThread(request);
    if (!thread) return this.refusal('unknown-request', undefined, input.locale);
    const may = mayApprove(this.deps.service.rules, request.requester, actorOf(input.user));
    const schedule = may.ok && this.deps.startOptions ? await this.deps.startOptions.cardView(request, thread.locale, input.timeZone) : undefined;
    return { card: this.approvalCard(request, thread, may.ok ? 'actionable' : 'readonly', undefined, undefined, schedule) };
  }

  async cancel(input: { cluster?: { id: string; name: string }; user: UserInfo; locale: Locale }): Promise<Reply> {
    const m = approvalMessages(input.locale);
    if (this.lacksEntraId(input.user)) return { text: m.entraIdRequired };
    const actor = actorOf(input.user);
    let request: ApprovalRequest | undefined;
    if (input.cluster) {
      request = this.deps.service.openRequest(input.cluster.id);
      if (!request) return { text: messages(input.locale).cancelNothingPending(input.cluster.name) };
      const scheduled = request.state === 'approved' && request.scheduledStart !== undefined;
      if (request.state !== 'pending' && !scheduled) return { text: m.cancelNotPending(request.cluster.name, m.states[request.state]) };
    } else {
      const mine = this.deps.service.pendingBy(actor);
      if (mine.length === 0) return { text: messages(input.locale).cancelNothingPending(undefined) };
      if (mine.length > 1) return { text: m.cancelChoose(mine.map((r) => r.cluster.name).join(', ')) };
      request = mine[0];
    }
    const result = await this.deps.service.cancel(request.id, actor);
    if (result.request) await this.syncCard(result.request);
    if (result.ok && request.state === 'approved') return { text: scheduleText(input.locale, 'cancel.scheduled', { cluster: request.cluster.name, id: request.id }) };
    if (result.ok) return { text: m.cancelled(request.cluster.name, request.id) };
    if (result.reason === 'not-requester-or-approver') return { text: m.cancelNotAllowed };
    const state = result.request?.state ?? request.state;
    return { text: m.cancelNotPending(request.cluster.name, m.states[state]) };
  }

  async history(input: { cluster: { id: string; name: string }; locale: Locale }): Promise<Reply> {
    const m = approvalMessages(input.locale);
    const { requests, audit } = this.deps.service.history(input.cluster.id);
    for (const r of requests) await this.syncCard(r);
    const entries = [...audit].reverse().map((e) => ({
      at: e.at,
      event: m.auditKinds[e.kind],
      ...(e.actor ? { by: { name: e.actor.name || e.actor.id } } : {}),
      detail: [e.note ? renderAuditNote(e.note, input.locale) : e.detail, e.operation ? m.historyOperation(e.operation) : undefined,
        e.reportHash ? m.historyReportHash(e.reportHash) : undefined].filter(Boolean).join(' · '),
    }));
    return { card: this.deps.cards.history({ clusterName: input.cluster.name, entries, locale: input.locale }) };
  }

  /** The runner refused the PUT (412/409/429/other): say so in the request's thread (with a fresh
   * preflight after a 412) and show the card as failed. Never throws. */
  onRefused(request: ApprovalRequest, result: Extract<RunResult, { status: 'refused' }>): void {
    this.track(this.reportRefusal(request, result));
  }

  /** Shows the request's current state on its card (e.g. a scheduled start withdrawn). Never throws. */
  async showDecision(request: ApprovalRequest): Promise<void> {
    await this.syncCard(request);
  }

  /** Resolves when every background post started so far has settled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private track(p: Promise<unknown>): void {
    const run = p.catch((err: unknown) => this.deps.logger.warn({ err }, 'approval post failed'))
      .finally(() => this.background.delete(run));
    this.background.add(run);
  }

  private async reportRefusal(request: ApprovalRequest, result: Extract<RunResult, { status: 'refused' }>): Promise<void> {
    const current = this.deps.service.get(request.id) ?? request;
    const thread = readThread(current);
    if (!thread) return;
    const m = approvalMessages(thread.locale);
    const name = current.cluster.name;
    const e = result.error;
    const said = renderFriendlyError(e, thread.locale);
    let text: string;
    let card: AdaptiveCard | undefined;
    switch (result.code) {
      case 'not-approved': return;
      case 'cluster-changed': {
        text = m.startClusterChanged(name);
        try {
          const snapshot = await this.deps.directory.snapshot(current.cluster, { fresh: true });
          const report = this.deps.runPreflight(snapshot, current.target, current.podCidr ? { podCidr: current.podCidr } : undefined);
          card = this.deps.cards.preflight({ reports: [report], locale: thread.locale });
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          text = `${text} ${messages(thread.locale).clusterReadError(name, err.message)}`;
        }
        break;
      }
      case 'busy': text = m.startBusy(name, said.friendly, said.nextStep); break;
      case 'throttled': text = m.startThrottled(name, said.friendly, said.nextStep); break;
      default: text = m.startError(name, said.friendly, said.nextStep);
    }
    if (current.dryRun) text = `${text} ${m.dryRunNothingSent}`;
    await this.send(thread, { type: 'message', text, ...(card ? { attachments: [toAttachment(card)] } : {}) });
    await this.syncCard(current);
  }

  /** A request this conversation may act on: known, with chat data, and its card lives here. */
  private ownRequest(input: ApprovalActionInput): ApprovalRequest | undefined {
    const request = this.deps.service.get(input.requestId);
    if (!request) return undefined;
    const thread = readThread(request);
    if (!thread) return undefined;
    return baseConversationId(thread.conversationId) === baseConversationId(input.conversation.id) ? request : undefined;
  }

  private async answer(result: ActionResult, locale: Locale): Promise<Reply> {
    if (result.request) await this.syncCard(result.request);
    if (result.ok) return { card: this.decidedCard(result.request, locale) };
    const blockers = result.report?.findings.filter((f) => f.severity === 'blocker').map((f) => f.check) ?? [];
    const back = RETRYABLE_REFUSALS.has(result.reason) && result.request?.state === 'pending' ? { requestId: result.request.id } : undefined;
    return this.refusal(result.reason, result.request, locale, result.reason === 'new-blocker' && blockers.length > 0
      ? approvalMessages(locale).newBlockers(blockers.join(', ')) : undefined, back);
  }

  /** The refusal card; `backToApproval` leads back to the approval controls (retryable refusals only). */
  private refusal(reason: string, request: ApprovalRequest | undefined, locale: Locale, detail?: string,
    backToApproval?: { requestId: string }): Reply {
    const m = approvalMessages(locale);
    const code = REFUSAL_CODE[reason] ?? reason;
    const parts = [detail, request?.dryRun ? m.dryRunNothingSent : undefined].filter((x): x is string => Boolean(x));
    return { card: this.deps.cards.refusal({ code, ...(parts.length > 0 ? { message: parts.join(' ') } : {}),
      ...(backToApproval ? { backToApproval } : {}), locale }) };
  }

  private decidedCard(request: ApprovalRequest, locale: Locale): AdaptiveCard {
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

  private approvalCard(request: ApprovalRequest, thread: ApprovalThread, view: 'actionable' | 'readonly' | 'posted',
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

  /** Where the approval card goes (see approval-channel.ts). */
  private destination(conversation: ConversationInfo, locale: Locale): Destination {
    return approvalDestination(conversation, {
      store: this.deps.conversations(), rules: this.deps.service.rules, approvalChannel: this.deps.approvalChannel,
      m: approvalMessages(locale),
    });
  }

  /** Posts the approval card into the request's thread, @mentioning the approvers from its roster. */
  private async postApprovalCard(request: ApprovalRequest): Promise<void> {
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
  private async syncCard(request: ApprovalRequest): Promise<void> {
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

  private async send(thread: ApprovalThread, activity: Record<string, unknown>, update = false): Promise<void> {
    await withTeamsRetry(() => this.deps.adapter().continueConversationAsync(this.deps.appId, thread.reference, async (context) => {
      if (update) await context.updateActivity(activity);
      else await context.sendActivity(activity);
    }));
  }
}
