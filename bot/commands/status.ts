// `status [X]`: running migrations (their current progress card) and the last outcome per cluster,
// from the store through the progress status port (bot/proactive/status.ts).
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
    const reply = port?.status(cluster ? { name: cluster.name, resourceGroup: cluster.resourceGroup, subscriptionId: cluster.subscriptionId } : undefined, ctx.locale);
    return reply ?? { text: cluster ? m.statusNoneFor(cluster.name) : m.statusNothingYet };
  },
};
