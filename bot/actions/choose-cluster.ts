// Verb `chooseCluster`: the user picked one of several same-named clusters; re-run their command on it.
import { z } from 'zod';
import { CHOOSE_CLUSTER_VERB } from '../../cards/choose-cluster-card.ts';
import { parseCommand } from '../commands/parser.ts';
import { messages } from '../i18n/index.ts';
import type { ActionHandler } from './types.ts';

const dataSchema = z.object({ choice: z.string().min(1).max(100) });

/** Resolves the opaque choice token server-side and answers as the original command would have. */
export const chooseClusterAction: ActionHandler = {
  verb: CHOOSE_CLUSTER_VERB,
  async handle(ctx) {
    const m = messages(ctx.locale);
    const data = dataSchema.safeParse(ctx.data);
    if (!data.success) return { text: m.choiceExpired };
    const pending = await ctx.choices.get(data.data.choice, ctx.conversation.id);
    if (!pending) return { text: m.choiceExpired };
    const parsed = parseCommand(pending.originalText);
    if (parsed.intent === 'unknown') return { text: m.choiceExpired };
    const command = {
      ...parsed,
      cluster: { name: pending.ref.name, resourceGroup: pending.ref.resourceGroup, subscriptionId: pending.ref.subscriptionId },
    };
    const handler = ctx.commands.get(command.intent);
    if (!handler) return { text: m.actionUnknown };
    const locale = parsed.language === 'ja' ? 'ja' : ctx.locale;
    return handler.handle({ ...ctx, locale, command, text: pending.originalText });
  },
};
