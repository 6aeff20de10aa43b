// `cancel [X]`: withdraws a pending request (its requester or an approver).
import { messages } from '../i18n/index.ts';
import { resolveCluster } from './resolve-cluster.ts';
import type { CommandHandler } from './types.ts';

/** Withdraws the pending request of the named cluster, or the sender's only pending request. */
export const cancelCommand: CommandHandler = {
  intent: 'cancel',
  slow: false,
  async handle(ctx) {
    if (ctx.command.intent === 'unknown') return {};
    const mention = ctx.command.cluster;
    const approvals = ctx.services.approvals;
    if (!approvals) return { text: messages(ctx.locale).cancelNothingPending(mention?.name) };
    if (!mention) return approvals.cancel({ user: ctx.user, locale: ctx.locale });
    const resolved = await resolveCluster(ctx, mention);
    if ('reply' in resolved) return resolved.reply;
    return approvals.cancel({ cluster: resolved.ref, user: ctx.user, locale: ctx.locale });
  },
};
