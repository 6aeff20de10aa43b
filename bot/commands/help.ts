// `help`, and the answer to anything not understood: the help card (with the closest examples).
import type { AdaptiveCard } from '../../cards/types.ts';
import type { Locale } from '../i18n/index.ts';
import type { CardKit } from '../ports.ts';
import { COMMANDS } from './definitions.ts';
import type { CommandContext, CommandHandler, Reply } from './types.ts';

function helpCommands(locale: Locale) {
  return COMMANDS.map((c) => ({
    title: c.title[locale],
    description: c.description[locale],
    examples: [...c.examples[locale]],
  }));
}

/** The plain help card (no unknown input) of each card kit and language: it depends on nothing else,
 * so it is built once, not on every `help` turn (the kit's help card is shared and frozen anyway). */
const plainCards = new WeakMap<CardKit, Map<Locale, AdaptiveCard>>();

function plainHelpCard(cards: CardKit, locale: Locale): AdaptiveCard {
  let byLocale = plainCards.get(cards);
  if (!byLocale) {
    byLocale = new Map();
    plainCards.set(cards, byLocale);
  }
  let card = byLocale.get(locale);
  if (!card) {
    card = cards.help({ commands: helpCommands(locale), locale });
    byLocale.set(locale, card);
  }
  return card;
}

function helpReply(ctx: CommandContext, unknown: boolean): Reply {
  if (!unknown) return { card: plainHelpCard(ctx.services.cards, ctx.locale) };
  const closest = ctx.command.intent === 'unknown' ? ctx.command.closest : undefined;
  return {
    card: ctx.services.cards.help({
      commands: helpCommands(ctx.locale),
      closestExamples: closest,
      unknownText: ctx.text.trim().slice(0, 200),
      locale: ctx.locale,
    }),
  };
}

/** `help`: every command with examples. */
export const helpCommand: CommandHandler = { intent: 'help', slow: false, handle: async (ctx) => helpReply(ctx, false) };

/** Input the parser could not place: the help card led by the closest examples. */
export const unknownCommand: CommandHandler = { intent: 'unknown', slow: false, handle: async (ctx) => helpReply(ctx, true) };
