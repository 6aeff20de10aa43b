// `list clusters`: every cluster with mode, data plane, policy engine and Kubernetes version.
import { messages } from '../i18n/index.ts';
import { failureReply } from './failure-reply.ts';
import type { CommandHandler } from './types.ts';

/** Answers with the cluster list card. */
export const listCommand: CommandHandler = {
  intent: 'list',
  slow: false,
  async handle(ctx) {
    let clusters;
    try {
      clusters = await ctx.services.directory.list();
    } catch (err) {
      const reply = failureReply(ctx, err);
      if (!reply) throw err;
      return reply;
    }
    if (clusters.length === 0) return { text: messages(ctx.locale).noClusters };
    const items = clusters.map((c) => ({ ...c, kubernetesVersion: c.kubernetesVersion ?? null }));
    return { card: ctx.services.cards.clusterList({ clusters: items, locale: ctx.locale }) };
  },
};
