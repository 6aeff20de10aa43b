// `status [X]`: running migrations (their current progress card) and the last outcome per cluster,
// from the store through the progress status port (bot/proactive/status.ts), plus open migration plans.
import { messages } from '../i18n/index.ts';
import type { CommandHandler } from './types.ts';

/** Answers with the running migrations and last outcomes, or "nothing yet". */
export const statusCommand: CommandHandler = {
  intent: 'status',
  slow: false,
  handle: async (ctx) => {
    const m = messages(ctx.locale);
    const port = ctx.services.progressStatus;
    const cluster = ctx.command.intent === 'unknown' ? undefined : ctx.command.cluster;
    const query = cluster ? { name: cluster.name, resourceGroup: cluster.resourceGroup, subscriptionId: cluster.subscriptionId } : undefined;
    const reply = port?.status(query, ctx.locale);
    const plans = ctx.services.plans?.statusLines(query, ctx.locale) ?? [];
    // Open plans first, then what the progress port says (its "nothing for X" left out when a plan exists).
    const rest = reply?.text && reply.text !== (cluster ? m.statusNoneFor(cluster.name) : undefined) ? [reply.text] : [];
    if (plans.length > 0) return { ...reply, text: [...plans, ...rest].join('\n\n') };
    return reply ?? { text: cluster ? m.statusNoneFor(cluster.name) : m.statusNothingYet };
  },
};
