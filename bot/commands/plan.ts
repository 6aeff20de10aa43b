// `plan X to cilium` / `how do I get X to cilium` / `X を Cilium まで移行する計画`: the whole path to the
// goal as the plan card (bot/plans/); without a goal, asks for one.
import { buildPlanCard } from '../../cards/plan-card.ts';
import { planText } from '../../i18n/plan.ts';
import { planPath } from '../../services/planning/plan-path.ts';
import { failureReply } from './failure-reply.ts';
import { resolveCluster } from './resolve-cluster.ts';
import type { CommandHandler } from './types.ts';

/** Answers with the plan card of the named cluster and goal. */
export const planCommand: CommandHandler = {
  intent: 'plan',
  slow: true,
  async handle(ctx) {
    if (ctx.command.intent === 'unknown') return {};
    const resolved = await resolveCluster(ctx, ctx.command.cluster);
    if ('reply' in resolved) return resolved.reply;
    const goal = ctx.command.target;
    if (!goal) return { text: planText(ctx.locale, 'chat.need-goal', { cluster: resolved.ref.name }) };
    const input = { cluster: resolved.ref, goal, ...(ctx.command.podCidr ? { podCidr: ctx.command.podCidr } : {}) };
    if (ctx.services.plans) return ctx.services.plans.show(ctx, input);
    // No stored plans (bot-only wiring): the plan as it stands, without its request action.
    try {
      const snapshot = await ctx.services.directory.snapshot(resolved.ref);
      return { card: buildPlanCard({ plan: planPath(snapshot, goal, { podCidr: input.podCidr }), requestsEnabled: false, locale: ctx.locale }) };
    } catch (err) {
      const reply = failureReply(ctx, err, resolved.ref.name);
      if (!reply) throw err;
      return reply;
    }
  },
};
