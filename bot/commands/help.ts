// `help`, and the answer to anything not understood: the help card (with the closest examples).
import { COMMANDS } from './definitions.ts';
import type { CommandContext, CommandHandler, Reply } from './types.ts';

function helpReply(ctx: CommandContext, unknown: boolean): Reply {
  const commands = COMMANDS.map((c) => ({
    title: c.title[ctx.locale],
    description: c.description[ctx.locale],
    examples: [...c.examples[ctx.locale]],
  }));
  const closest = ctx.command.intent === 'unknown' ? ctx.command.closest : undefined;
  return {
    card: ctx.services.cards.help({
      commands,
      closestExamples: unknown ? closest : undefined,
      unknownText: unknown ? ctx.text.trim().slice(0, 200) : undefined,
      locale: ctx.locale,
    }),
  };
}

/** `help`: every command with examples. */
export const helpCommand: CommandHandler = { intent: 'help', slow: false, handle: async (ctx) => helpReply(ctx, false) };

/** Input the parser could not place: the help card led by the closest examples. */
export const unknownCommand: CommandHandler = { intent: 'unknown', slow: false, handle: async (ctx) => helpReply(ctx, true) };
