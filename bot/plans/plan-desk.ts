// Migration plans in chat: `plan X to GOAL` stores a plan and answers with its card; the card's
// "request this step" makes a normal upgrade request (bot/commands/upgrade.ts); when a step's
// migration has ended well, the next step is preflighted and its approval card (or its new
// blockers) posted in the plan's thread, without being asked. That hand-off is claimed in the
// stored plan (one winner), so a restart finishes it from stored state (`recover`).
import type { ConversationReference, TurnContext } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import { buildPlanCard, parsePlanStepId } from '../../cards/plan-card.ts';
import { toAttachment, type AdaptiveCard } from '../../cards/types.ts';
import { goalName, planText, targetName } from '../../i18n/plan.ts';
import { systemClock, type Clock } from '../../services/approval/apply.ts';
import type { ApprovalRequest } from '../../services/approval/types.ts';
import type { ClusterSnapshot, Target } from '../../services/cluster/types.ts';
import { planPath, type PathPlan } from '../../services/planning/plan-path.ts';
import type { PlanRecord, Store } from '../../services/store/types.ts';
import { failureReply } from '../commands/failure-reply.ts';
import type { Reply } from '../commands/types.ts';
import { requestUpgrade } from '../commands/upgrade.ts';
import type { Locale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import type { BotServices, ClusterRef, PlanPort, PlanTurn } from '../ports.ts';
import { planLine, planLinkOf, readPlanThread, storedStepStates, type PlanThread } from './plan-records.ts';
import { withTeamsRetry } from '../proactive/teams-retry.ts';

/** The adapter's proactive entry point (CloudAdapter satisfies it). */
interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

/** Constructor dependencies of the plan desk. */
export interface PlanDeskDeps {
  store: () => Pick<Store, 'plans' | 'requests' | 'conversations'>;
  /** The bot's services (resolved lazily: they hold this desk). */
  services: () => BotServices;
  adapter: () => ProactiveAdapter;
  appId: string;
  logger: Logger;
  clock?: Clock;
  newId?: () => string;
}

const MAX_STEPS = 8;

/** The PlanPort plus the hand-off between steps. */
export class PlanDesk implements PlanPort {
  private readonly deps: PlanDeskDeps;
  private readonly clock: Clock;
  private readonly newId: () => string;
  /** Wall-clock start of this process: a hand-off claimed before it was left by a process that died. */
  private readonly bornAt = Date.now();
  private readonly background = new Set<Promise<unknown>>();

  constructor(deps: PlanDeskDeps) {
    this.deps = deps;
    this.clock = deps.clock ?? systemClock;
    this.newId = deps.newId ?? (() => randomUUID());
  }

  async show(ctx: PlanTurn, input: { cluster: ClusterRef; goal: Target; podCidr?: string }): Promise<Reply> {
    const snapshot = await this.snapshot(ctx, input.cluster);
    if ('reply' in snapshot) return snapshot.reply;
    const plan = planPath(snapshot.snapshot, input.goal, { podCidr: input.podCidr });
    if (!ctx.services.approvals) return { card: buildPlanCard({ plan, requestsEnabled: false, locale: ctx.locale }) };
    const record = this.remember(ctx, input, plan);
    return { card: this.card(record, plan, ctx.locale) };
  }

  async requestStep(ctx: PlanTurn, stepId: string): Promise<Reply> {
    const parsed = parsePlanStepId(stepId);
    const record = parsed ? this.deps.store().plans.get(parsed.planId) : undefined;
    if (!parsed || !record) return { text: planText(ctx.locale, 'chat.unknown-plan') };
    if (record.state === 'replaced') return { text: planText(ctx.locale, 'chat.replaced', { cluster: record.cluster.name }) };
    const snapshot = await this.snapshot(ctx, record.cluster);
    if ('reply' in snapshot) return snapshot.reply;
    const plan = planPath(snapshot.snapshot, record.goal, { podCidr: record.podCidr });
    const index = parsed.index;
    const current = plan.steps.findIndex((s) => s.state !== 'done');
    const step = plan.steps[index];
    const states = storedStepStates(record, this.deps.store().requests.listByCluster(record.cluster.id));
    const card = (): AdaptiveCard => this.card(record, plan, ctx.locale);
    const words = { n: index + 1, target: step ? targetName(ctx.locale, step.target) : '?' };
    if (!step || index !== current) return { text: planText(ctx.locale, 'chat.step-not-next', words), card: card() };
    if (states[index] === 'requested' || states[index] === 'running') return { text: planText(ctx.locale, 'chat.step-requested', words), card: card() };
    if (step.state === 'blocked') {
      return { text: planText(ctx.locale, 'chat.step-blocked', { ...words, blockers: step.blockers.map((b) => b.id) }), card: card() };
    }
    if (step.state !== 'ready') return { text: planText(ctx.locale, 'chat.step-not-next', words), card: card() };
    const reply = await requestUpgrade(ctx, record.cluster, step.target, step.target === 'overlay' ? record.podCidr : undefined,
      { plan: { planId: record.id, step: index }, snapshot: snapshot.snapshot });
    // The clicked card shows the plan as it stands now (the step requested: no second click).
    return { ...(reply.text ? { text: reply.text } : {}), card: reply.card ?? card() };
  }

  statusLines(query: { name: string; resourceGroup?: string; subscriptionId?: string } | undefined, locale: Locale): string[] {
    const store = this.deps.store();
    const eq = (a: string, b?: string): boolean => !b || a.toLowerCase() === b.toLowerCase();
    return store.plans.listOpen()
      .filter((p) => !query || (eq(p.cluster.name, query.name) && eq(p.cluster.resourceGroup, query.resourceGroup) && eq(p.cluster.subscriptionId, query.subscriptionId)))
      .map((p) => planLine(p, storedStepStates(p, store.requests.listByCluster(p.cluster.id)), locale));
  }

  historyLines(cluster: ClusterRef, locale: Locale): string[] {
    const store = this.deps.store();
    const requests = store.requests.listByCluster(cluster.id);
    return store.plans.listByCluster(cluster.id).slice(0, 5)
      .map((p) => `${p.createdAt.slice(0, 16).replace('T', ' ')} UTC · ${planLine(p, storedStepStates(p, requests), locale)}`);
  }

  /** A request ended (hook of the progress watcher): when it was a plan's step and went well, the
   * next step is offered in the plan's thread. Never throws; runs in the background. */
  requestEnded(requestId: string): void {
    this.track(this.afterRequest(requestId));
  }

  /** Finishes every hand-off a stopped process left undone (from the stored plans and requests). */
  async recover(): Promise<void> {
    const store = this.deps.store();
    for (const plan of store.plans.listOpen()) {
      const requests = store.requests.listByCluster(plan.cluster.id);
      const states = storedStepStates(plan, requests);
      for (let i = 0; i < plan.steps.length; i++) {
        if (plan.steps[i].doneAtStart || states[i] !== 'done') continue;
        const next = plan.steps[i + 1];
        if (next?.offered || (next?.offeredAt && Date.parse(next.offeredAt) > this.bornAt)) continue;
        await this.handOff(plan.id, i).catch((err: unknown) => this.deps.logger.warn({ err, planId: plan.id }, 'plan hand-off failed'));
      }
    }
  }

  /** Resolves when every background hand-off started so far has settled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  private track(p: Promise<unknown>): void {
    const run = p.catch((err: unknown) => this.deps.logger.warn({ err }, 'plan hand-off failed')).finally(() => this.background.delete(run));
    this.background.add(run);
  }

  private async afterRequest(requestId: string): Promise<void> {
    const store = this.deps.store();
    const request = store.requests.get(requestId);
    if (!request || request.state !== 'succeeded' || request.dryRun) return;
    const plan = this.planOf(request);
    if (!plan) return;
    const index = plan.steps.findIndex((s, i) => s.target === request.target && !s.doneAtStart && i >= (planLinkOf(request)?.step ?? 0));
    if (index >= 0) await this.handOff(plan.id, index);
  }

  /** The open plan a request belongs to: the one it was made for, else the newest open plan of its cluster with its target. */
  private planOf(request: ApprovalRequest): PlanRecord | undefined {
    const plans = this.deps.store().plans;
    const link = planLinkOf(request);
    const linked = link ? plans.get(link.planId) : undefined;
    if (linked?.state === 'open') return linked;
    return plans.listByCluster(request.cluster.id).find((p) => p.state === 'open' && p.steps.some((s) => s.target === request.target));
  }

  /** Step `done` (0-based) of the plan succeeded: claim the hand-off, then offer the next step. */
  private async handOff(planId: string, done: number): Promise<void> {
    const claimed = this.claim(planId, done);
    if (!claimed) return;
    const { plan, thread } = claimed;
    const say = (text: string, card?: AdaptiveCard): Promise<void> => this.post(thread, { text, card });
    const l = thread.locale;
    const doneWords = { done: done + 1, total: plan.steps.length, doneTarget: targetName(l, plan.steps[done].target), cluster: plan.cluster.name };
    if (done + 1 >= plan.steps.length) {
      await say(planText(l, 'chat.plan-complete', { cluster: plan.cluster.name, goal: goalName(l, plan.goal) }));
      return;
    }
    const turn = this.turn(plan, thread);
    const snapshot = await this.snapshot(turn, plan.cluster);
    if ('reply' in snapshot) {
      await this.post(thread, snapshot.reply);
      this.markOffered(planId, done + 1);
      return;
    }
    const path = planPath(snapshot.snapshot, plan.goal, { podCidr: plan.podCidr });
    const current = path.steps.findIndex((s) => s.state !== 'done');
    const next = path.steps[done + 1];
    if (current < 0) {
      this.finish(planId);
      await say(planText(l, 'chat.plan-complete', { cluster: plan.cluster.name, goal: goalName(l, plan.goal) }));
    } else if (current !== done + 1 || !next) {
      await say(planText(l, 'chat.step-done-other', doneWords), this.card(plan, path, l));
    } else if (next.state === 'ready') {
      await say(planText(l, 'chat.step-done-next', { ...doneWords, n: done + 2, target: targetName(l, next.target) }));
      const reply = await requestUpgrade(turn, plan.cluster, next.target, next.target === 'overlay' ? plan.podCidr : undefined,
        { plan: { planId, step: done + 1 }, snapshot: snapshot.snapshot });
      if (reply.text || reply.card) await this.post(thread, reply);
    } else {
      await say(planText(l, 'chat.step-done-blocked', { ...doneWords, n: done + 2, target: targetName(l, next.target),
        blockers: next.blockers.map((b) => b.id), goal: plan.goal }), this.card(plan, path, l));
    }
    this.markOffered(planId, done + 1);
  }

  /** Claims the hand-off after step `done` in the stored plan (one winner; a claim of a dead process is taken over). */
  private claim(planId: string, done: number): { plan: PlanRecord; thread: PlanThread } | undefined {
    const plans = this.deps.store().plans;
    for (let attempt = 0; attempt < 5; attempt++) {
      const plan = plans.get(planId);
      const thread = plan ? readPlanThread(plan) : undefined;
      if (!plan || !thread || plan.state !== 'open') return undefined;
      const last = done + 1 >= plan.steps.length;
      if (!last) {
        const next = plan.steps[done + 1];
        if (next.offered || (next.offeredAt && Date.parse(next.offeredAt) > this.bornAt)) return undefined;
      }
      const steps = plan.steps.map((s, i) => (i === done + 1 ? { ...s, offeredAt: new Date().toISOString() } : s));
      const patch = last ? { state: 'done' as const, updatedAt: this.clock.now().toISOString() } : { steps, updatedAt: this.clock.now().toISOString() };
      if (plans.update(planId, plan.version, patch)) return { plan, thread };
    }
    return undefined;
  }

  private markOffered(planId: string, index: number): void {
    this.update(planId, (p) => ({ steps: p.steps.map((s, i) => (i === index ? { ...s, offered: true } : s)) }));
  }

  private finish(planId: string): void {
    this.update(planId, () => ({ state: 'done' }));
  }

  private update(planId: string, change: (p: PlanRecord) => Partial<PlanRecord>): void {
    const plans = this.deps.store().plans;
    for (let attempt = 0; attempt < 5; attempt++) {
      const p = plans.get(planId);
      if (!p || plans.update(planId, p.version, { ...change(p), updatedAt: this.clock.now().toISOString() })) return;
    }
  }

  /** Stores a new plan (older open plans of the cluster are replaced by it). */
  private remember(ctx: PlanTurn, input: { cluster: ClusterRef; goal: Target; podCidr?: string }, plan: PathPlan): PlanRecord {
    const plans = this.deps.store().plans;
    const at = this.clock.now().toISOString();
    for (const old of plans.listByCluster(input.cluster.id).filter((p) => p.state === 'open')) {
      this.update(old.id, () => ({ state: 'replaced' }));
    }
    const u = ctx.user as PlanTurn['user'] & { tenantId?: string };
    const record: PlanRecord = {
      id: this.newId(), version: 1,
      cluster: { id: input.cluster.id, subscriptionId: input.cluster.subscriptionId, resourceGroup: input.cluster.resourceGroup, name: input.cluster.name },
      goal: input.goal, ...(input.podCidr ? { podCidr: input.podCidr } : {}),
      requester: { id: u.id, ...(u.name ? { name: u.name } : {}), ...(u.aadObjectId ? { aadObjectId: u.aadObjectId } : {}), ...(u.tenantId ? { tenantId: u.tenantId } : {}) },
      steps: plan.steps.slice(0, MAX_STEPS).map((s) => ({ target: s.target, ...(s.state === 'done' ? { doneAtStart: true } : {}) })),
      state: plan.steps.every((s) => s.state === 'done') ? 'done' : 'open',
      thread: { conversation: ctx.conversation, locale: ctx.locale } satisfies PlanThread as unknown as Record<string, unknown>, // opaque chat data for the store
      createdAt: at, updatedAt: at,
    };
    plans.insert(record);
    return record;
  }

  /** The plan card of a stored plan, with the states its requests show. */
  private card(record: PlanRecord, plan: PathPlan, locale: Locale): AdaptiveCard {
    const states = storedStepStates(record, this.deps.store().requests.listByCluster(record.cluster.id));
    const at = (s: string): number[] => states.flatMap((x, i) => (x === s && plan.steps[i]?.state !== 'done' ? [i] : []));
    return buildPlanCard({ plan, planId: record.state === 'open' ? record.id : undefined, requested: at('requested'), running: at('running'), locale });
  }

  private turn(plan: PlanRecord, thread: PlanThread): PlanTurn {
    const r = plan.requester;
    return {
      services: this.deps.services(), conversation: thread.conversation, locale: thread.locale,
      user: { id: r.id, ...(r.name ? { name: r.name } : {}), ...(r.aadObjectId ? { aadObjectId: r.aadObjectId } : {}), ...(r.tenantId ? { tenantId: r.tenantId } : {}) },
    };
  }

  private async snapshot(ctx: Pick<PlanTurn, 'services' | 'locale'>, ref: ClusterRef): Promise<{ snapshot: ClusterSnapshot } | { reply: Reply }> {
    try {
      return { snapshot: await ctx.services.directory.snapshot(ref) };
    } catch (err) {
      const reply = failureReply(ctx, err, ref.name);
      if (!reply) throw err;
      return { reply };
    }
  }

  /** Posts a message into the plan's conversation (its stored reference). */
  private async post(thread: PlanThread, reply: Reply): Promise<void> {
    const stored = this.deps.store().conversations.get(thread.conversation.id);
    if (!stored) {
      this.deps.logger.warn({ conversationId: thread.conversation.id }, 'plan conversation unknown: nothing posted');
      return;
    }
    await withTeamsRetry(() => this.deps.adapter().continueConversationAsync(this.deps.appId, stored.reference as Partial<ConversationReference>, async (context) => {
      await context.sendActivity({ type: 'message', ...(reply.text ? { text: reply.text } : {}),
        ...(reply.card ? { attachments: [toAttachment(reply.card)] } : {}) });
    }));
  }
}
