// `status [X]`: running migrations (their current progress card) and the last outcome per cluster,
// from the store through the progress status port (bot/proactive/status.ts).
import { messages } from '../i18n/index.ts';
import type { BotServices } from '../ports.ts';
import type { ProgressStatusPort } from '../proactive/status.ts';
import type { CommandHandler } from './types.ts';

/** Services that may carry the progress status port (wired by the composition root). */
export type StatusServices = BotServices & { progressStatus?: ProgressStatusPort };

/** The status port when the composition root provided one. */
export function progressStatusOf(services: BotServices): ProgressStatusPort | undefined {
  const port: unknown = (services as StatusServices).progressStatus;
  return port && typeof (port as ProgressStatusPort).status === 'function' ? (port as ProgressStatusPort) : undefined;
}

/** Answers with the running migrations and last outcomes, or "nothing yet". */
export const statusCommand: CommandHandler = {
  intent: 'status',
  slow: false,
  handle: async (ctx) => {
    const m = messages(ctx.locale);
    const port = progressStatusOf(ctx.services);
    const cluster = ctx.command.intent === 'unknown' ? undefined : ctx.command.cluster;
    const reply = port?.status(cluster ? { name: cluster.name, resourceGroup: cluster.resourceGroup, subscriptionId: cluster.subscriptionId } : undefined, ctx.locale);
    return reply ?? { text: cluster ? m.statusNoneFor(cluster.name) : m.statusNothingYet };
  },
};
