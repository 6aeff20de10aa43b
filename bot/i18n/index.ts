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

/** Japanese when the text is Japanese or the client's locale starts with `ja`, else English. */
export function replyLocale(textLanguage: Locale, activityLocale: string | undefined): Locale {
  if (textLanguage === 'ja') return 'ja';
  return typeof activityLocale === 'string' && activityLocale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
