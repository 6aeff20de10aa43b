// Turns the cluster a user named into one cluster, or into the reply that says why not.
import { messages } from '../i18n/index.ts';
import type { ClusterRef } from '../ports.ts';
import { failureReply } from './failure-reply.ts';
import type { ClusterMention } from './parser.ts';
import type { CommandContext, Reply } from './types.ts';

/** Either the one cluster meant, or the reply to send instead (ask, choose, did you mean). */
export type Resolution = { ref: ClusterRef } | { reply: Reply };

/** Resolves `mention` across the configured subscriptions; Azure failures become the reply. */
export async function resolveCluster(ctx: CommandContext, mention: ClusterMention | undefined): Promise<Resolution> {
  const m = messages(ctx.locale);
  if (!mention) return { reply: { text: m.needCluster } };
  let result;
  try {
    result = await ctx.services.directory.resolve(mention);
  } catch (err) {
    // Out of scope, unknown subscription, throttled, no access: a clear answer, not "something went wrong".
    const reply = failureReply(ctx, err);
    if (!reply) throw err;
    return { reply };
  }
  if (result.kind === 'found') return { ref: result.ref };
  if (result.kind === 'ambiguous') {
    const candidates = await Promise.all(result.candidates.map(async ({ subscriptionId, resourceGroup, name, id }) => ({
      subscriptionId,
      resourceGroup,
      name,
      id: await ctx.choices.put({
        ref: { subscriptionId, resourceGroup, name, id },
        originalText: ctx.text,
        conversationId: ctx.conversation.id,
      }),
    })));
    return {
      reply: {
        card: ctx.services.cards.chooseCluster({ query: mention.name, candidates, originalText: ctx.text, locale: ctx.locale }),
      },
    };
  }
  return { reply: { card: ctx.services.cards.notFound({ query: mention.name, suggestions: result.suggestions, locale: ctx.locale }) } };
}
