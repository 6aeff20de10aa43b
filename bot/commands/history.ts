// `history X`: a cluster's audit trail (requests, decisions, starts, outcomes) as a card.
import { planText } from '../../i18n/plan.ts';
import { messages } from '../i18n/index.ts';
import { resolveCluster } from './resolve-cluster.ts';
import type { CommandHandler } from './types.ts';

/** Answers with the history card of the named cluster. */
export const historyCommand: CommandHandler = {
  intent: 'history',
  slow: false,
  async handle(ctx) {
    if (ctx.command.intent === 'unknown') return {};
    const approvals = ctx.services.approvals;
    if (!approvals) return { text: messages(ctx.locale).historyNothingYet(ctx.command.cluster?.name) };
    const resolved = await resolveCluster(ctx, ctx.command.cluster);
    if ('reply' in resolved) return resolved.reply;
    const reply = await approvals.history({ cluster: resolved.ref, locale: ctx.locale });
    const plans = ctx.services.plans?.historyLines(resolved.ref, ctx.locale) ?? [];
    if (plans.length === 0) return reply;
    const heading = `**${planText(ctx.locale, 'history.heading')}**`;
    return { ...reply, text: [heading, ...plans.map((l) => `- ${l}`), ...(reply.text ? [reply.text] : [])].join('\n') };
  },
};
