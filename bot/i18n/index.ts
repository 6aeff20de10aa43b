// Message catalogues by locale, and the rule that picks the reply language.
import { en } from './en.ts';
import { ja } from './ja.ts';
import type { Messages } from './messages.ts';

export type { Messages } from './messages.ts';

/** Languages the bot replies in. */
export type Locale = 'en' | 'ja';

/** Every catalogue, by locale. */
export const MESSAGES: Readonly<Record<Locale, Messages>> = { en, ja };

/** The catalogue of a locale. */
export function messages(locale: Locale): Messages {
  return MESSAGES[locale];
}

/**
 * The reply language: the user's pinned language (`language ja`) wins; else the message's language
 * when it is clearly Japanese or English (`clearLanguage`); else Japanese when the client's locale
 * starts with `ja`, English otherwise.
 */
export function replyLocale(textLanguage: Locale | undefined, activityLocale: string | undefined, pinned?: Locale): Locale {
  if (pinned) return pinned;
  if (textLanguage) return textLanguage;
  return typeof activityLocale === 'string' && activityLocale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** A stored pin as a locale; anything else (absent, damaged) is no pin. */
export function asLocale(value: unknown): Locale | undefined {
  return value === 'en' || value === 'ja' ? value : undefined;
}
