// The glue between Teams and the ApprovalService: turns requests and card actions into service calls
// and cards, posts the approval card where the approvers are (same thread, or for a personal chat the
// NETPILOT_APPROVAL_CHANNEL; in demo mode without it, the one subscribed channel), @mentions them from the roster, and replaces the card for everyone once a
// request is decided. Every public method answers with a reply; the cards and their posts live in
// approval-cards.ts, the report of a refused start in refusal-report.ts.
import type { ConversationReference } from 'botbuilder';
import type { ApprovalPool } from '../../cards/approval-card.ts';
import type { AdaptiveCard } from '../../cards/types.ts';
import type { ActionResult } from '../../services/approval/service.ts';
import { entraIdRequired, mayApprove, mayRequest } from '../../services/approval/policy.ts';
import type { ApprovalRequest } from '../../services/approval/types.ts';
import type { PreflightRunner } from '../../services/approval/live-preflight.ts';
import type { ClusterDirectory } from '../../services/azure/cluster-directory.ts';
import { isApprovable } from '../../services/preflight/types.ts';
import type { RunResult } from '../../services/migration/runner.ts';
import type { ConversationStore } from '../../services/store/types.ts';
import type { ConversationInfo, Reply, UserInfo } from '../commands/types.ts';
import { approvalMessages } from '../i18n/approval.ts';
import { messages, type Locale } from '../i18n/index.ts';
import type { ApprovalActionInput, ApprovalPort, Gate, UpgradeRequestInput } from '../ports.ts';
import { actorOf } from './actor.ts';
import { approvalDestination, type Destination } from './approval-channel.ts';
import { ApprovalCards, type ApprovalCardDeps } from './approval-cards.ts';
import { reportRefusal } from './refusal-report.ts';
import { baseConversationId, readThread, type ApprovalThread } from './thread.ts';
import { renderAuditNote } from '../../i18n/audit.ts';
import { scheduleText } from '../../i18n/schedule.ts';
import type { StartInputs } from '../../services/schedule/start-choice.ts';
import type { StartOptions } from './start-options.ts';

/** Constructor dependencies of the desk. */
export interface ApprovalDeskDeps extends ApprovalCardDeps {
  /** Conversation references (a getter, so a reopened store is picked up). */
  conversations: () => ConversationStore;
  /** For the fresh preflight posted after a 412. */
  directory: Pick<ClusterDirectory, 'snapshot'>;
  runPreflight: PreflightRunner;
  /** `NETPILOT_APPROVAL_CHANNEL`: conversation id where approval cards of personal-chat requests go. */
  approvalChannel?: string;
  /** The start choice (now / next maintenance window / a picked time); absent: starts at approval. */
  startOptions?: StartOptions;
}

/** Refusals the approver fixes on the card itself (a typo in `confirm`, a missed `ack`): the refusal
 * card then leads back to the approval controls, because it replaced them in the clicker's client. */
const RETRYABLE_REFUSALS: ReadonlySet<string> = new Set(['wrong-confirm', 'missing-ack']);

/** The ApprovalPort over the ApprovalService and the bot's adapter. */
export class ApprovalDesk implements ApprovalPort {
  private readonly deps: ApprovalDeskDeps;
  private readonly posts: ApprovalCards;
  private readonly background = new Set<Promise<unknown>>();

  constructor(deps: ApprovalDeskDeps) {
    this.deps = deps;
    this.posts = new ApprovalCards(deps);
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
      await this.posts.postApprovalCard(request);
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
    if (!known) return this.posts.refusal('unknown-request', undefined, input.locale);
    const start = this.deps.startOptions ? await this.deps.startOptions.check(known, input, input.timeZone, input.locale) : { ok: true as const };
    if (!start.ok) return this.posts.refusal('bad-start-time', known, input.locale, start.message, known.state === 'pending' ? { requestId: known.id } : undefined);
    const result = await this.deps.service.approve(input.requestId, actorOf(input.user), { confirm: input.confirm, ack: input.ack,
      ...(start.start ? { start: start.start } : {}) });
    return this.answer(result, input.locale);
  }

  async reject(input: ApprovalActionInput & { reason?: string }): Promise<Reply> {
    if (this.lacksEntraId(input.user)) return this.entraIdRefusal(input.locale);
    const known = this.ownRequest(input);
    if (!known) return this.posts.refusal('unknown-request', undefined, input.locale);
    const result = await this.deps.service.reject(input.requestId, actorOf(input.user), input.reason);
    return this.answer(result, input.locale);
  }

  async refresh(input: ApprovalActionInput): Promise<Reply> {
    const request = this.ownRequest(input);
    if (!request) return this.posts.refusal('unknown-request', undefined, input.locale);
    if (request.state !== 'pending') {
      await this.posts.syncCard(request);
      return { card: this.posts.decidedCard(request, input.locale) };
    }
    const thread = readThread(request);
    if (!thread) return this.posts.refusal('unknown-request', undefined, input.locale);
    const may = mayApprove(this.deps.service.rules, request.requester, actorOf(input.user));
    const schedule = may.ok && this.deps.startOptions ? await this.deps.startOptions.cardView(request, thread.locale, input.timeZone) : undefined;
    return { card: this.posts.approvalCard(request, thread, may.ok ? 'actionable' : 'readonly', undefined, undefined, schedule) };
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
    if (result.request) await this.posts.syncCard(result.request);
    if (result.ok && request.state === 'approved') return { text: scheduleText(input.locale, 'cancel.scheduled', { cluster: request.cluster.name, id: request.id }) };
    if (result.ok) return { text: m.cancelled(request.cluster.name, request.id) };
    if (result.reason === 'not-requester-or-approver') return { text: m.cancelNotAllowed };
    const state = result.request?.state ?? request.state;
    return { text: m.cancelNotPending(request.cluster.name, m.states[state]) };
  }

  async history(input: { cluster: { id: string; name: string }; locale: Locale }): Promise<Reply> {
    const m = approvalMessages(input.locale);
    const { requests, audit } = this.deps.service.history(input.cluster.id);
    for (const r of requests) await this.posts.syncCard(r);
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
    this.track(reportRefusal({ ...this.deps, posts: this.posts }, request, result));
  }

  /** Shows the request's current state on its card (e.g. a scheduled start withdrawn). Never throws. */
  async showDecision(request: ApprovalRequest): Promise<void> {
    await this.posts.syncCard(request);
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

  /** A request this conversation may act on: known, with chat data, and its card lives here. */
  private ownRequest(input: ApprovalActionInput): ApprovalRequest | undefined {
    const request = this.deps.service.get(input.requestId);
    if (!request) return undefined;
    const thread = readThread(request);
    if (!thread) return undefined;
    return baseConversationId(thread.conversationId) === baseConversationId(input.conversation.id) ? request : undefined;
  }

  private async answer(result: ActionResult, locale: Locale): Promise<Reply> {
    if (result.request) await this.posts.syncCard(result.request);
    if (result.ok) return { card: this.posts.decidedCard(result.request, locale) };
    const blockers = result.report?.findings.filter((f) => f.severity === 'blocker').map((f) => f.check) ?? [];
    const back = RETRYABLE_REFUSALS.has(result.reason) && result.request?.state === 'pending' ? { requestId: result.request.id } : undefined;
    return this.posts.refusal(result.reason, result.request, locale, result.reason === 'new-blocker' && blockers.length > 0
      ? approvalMessages(locale).newBlockers(blockers.join(', ')) : undefined, back);
  }

  /** Where the approval card goes (see approval-channel.ts). */
  private destination(conversation: ConversationInfo, locale: Locale): Destination {
    return approvalDestination(conversation, {
      store: this.deps.conversations(), rules: this.deps.service.rules, approvalChannel: this.deps.approvalChannel,
      m: approvalMessages(locale),
    });
  }
}
