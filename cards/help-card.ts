// The help card: every command with its examples; for unknown input, the closest examples first.
import { escapeMarkdown } from './format.ts';
import { cardText } from './strings/index.ts';
import { renderSharedTemplate } from './template.ts';
import type { AdaptiveCard, Locale } from './types.ts';

/** One command as the help card lists it (the bot derives it from bot/commands/definitions.ts). */
export interface HelpCommand {
  title: string;
  description: string;
  examples: string[];
}

/** Input of buildHelpCard. */
export interface HelpCardData {
  commands: HelpCommand[];
  /** Examples closest to what the user typed (unknown input). */
  closestExamples?: string[];
  /** What the user typed when it was not understood. */
  unknownText?: string;
  locale: Locale;
}

const MAX_EXAMPLES = 6;
const MAX_ECHO = 120;

/** Builds the help card; unknown input is echoed (shortened) above the command list. The card is
 * shared between calls with the same data and deeply frozen: send it as it is (never change it). */
export function buildHelpCard(data: HelpCardData): AdaptiveCard {
  const t = cardText(data.locale);
  const unknown = data.unknownText?.trim() ?? '';
  const echo = unknown.length > MAX_ECHO ? `${unknown.slice(0, MAX_ECHO)}…` : unknown;
  const closest = (data.closestExamples ?? []).slice(0, MAX_EXAMPLES);
  return renderSharedTemplate('help', {
    hasUnknown: echo !== '' || closest.length > 0,
    unknownText: echo !== '' ? t('helpUnknown', { text: escapeMarkdown(echo) }) : t('helpClosest'),
    closestTitle: echo !== '' ? t('helpClosest') : '',
    closest: closest.map((text) => ({ text })),
    title: t('helpTitle'),
    intro: t('helpIntro'),
    commands: data.commands.map((c) => ({
      title: c.title,
      description: c.description,
      examples: c.examples.slice(0, MAX_EXAMPLES).map((text) => ({ text })),
    })),
  });
}
