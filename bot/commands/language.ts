// `language`: a user pins the language NetPilot replies in (`language ja`, `言語 英語`), or shows it.
// The pin is stored per user (Entra object id, else the Teams id) and wins over the message's language.
import type { UserSettingsStore } from '../../services/store/types.ts';
import { asLocale, messages, type Locale } from '../i18n/index.ts';
import type { CommandHandler, UserInfo } from './types.ts';

/** What `language ...` asks for: a language, `auto` (remove the pin), nothing (show it), or something unknown. */
export type LanguageChoice =
  | { kind: 'pin'; locale: Locale }
  | { kind: 'auto' }
  | { kind: 'show' }
  | { kind: 'unknown'; given: string };

const WORDS: Readonly<Record<string, Locale | 'auto'>> = {
  ja: 'ja', jp: 'ja', 'ja-jp': 'ja', japanese: 'ja', nihongo: 'ja', 日本語: 'ja', にほんご: 'ja', 日本: 'ja',
  en: 'en', 'en-us': 'en', 'en-gb': 'en', english: 'en', eigo: 'en', 英語: 'en', えいご: 'en',
  auto: 'auto', automatic: 'auto', reset: 'auto', clear: 'auto', off: 'auto', none: 'auto', unpin: 'auto',
  自動: 'auto', じどう: 'auto', 解除: 'auto', リセット: 'auto', なし: 'auto',
};

/** Reads the argument of `language` / `言語` from the message text (NFKC, particles and 「」 dropped). */
export function parseLanguageChoice(text: string): LanguageChoice {
  const rest = text
    .normalize('NFKC')
    .replace(/<[^>]{0,500}>/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/^(?:language|lang)\b|^言語(?:設定)?/, '')
    .replace(/[「」『』"'。、.!?！？:=]/g, ' ')
    .replace(/^\s*(?:を|は|to|is)?\s*/, '')
    .replace(/\s*(?:に(?:して|設定|変更|固定)?|で)?(?:ください|お願いします|する|して)?\s*$/, '')
    .trim();
  if (rest === '') return { kind: 'show' };
  const choice = WORDS[rest];
  if (choice === 'auto') return { kind: 'auto' };
  if (choice) return { kind: 'pin', locale: choice };
  // Echoed in the reply: letters, digits, spaces and - _ . only (no markdown, links or mentions).
  return { kind: 'unknown', given: rest.replace(/[^\p{L}\p{N} ._-]/gu, '').replace(/\s+/g, ' ').slice(0, 40).trim() || '?' };
}

/** The key a user's settings are stored under: the Entra object id, else the chat user id. */
export function userSettingsKey(user: UserInfo): string | undefined {
  if (user.aadObjectId && user.aadObjectId.trim() !== '') return `aad:${user.aadObjectId.toLowerCase()}`;
  if (user.id && user.id.trim() !== '') return `id:${user.id}`;
  return undefined;
}

/** The user's pinned reply language, or undefined (no store, no key, nothing pinned, unreadable). */
export function pinnedLocale(settings: UserSettingsStore | undefined, user: UserInfo): Locale | undefined {
  const key = userSettingsKey(user);
  if (!settings || !key) return undefined;
  try {
    return asLocale(settings.get(key, 'language'));
  } catch {
    return undefined;
  }
}

/** `language`: pins, unpins or shows the reply language of the user who asked. */
export const languageCommand: CommandHandler = {
  intent: 'language',
  slow: false,
  async handle(ctx) {
    const choice = parseLanguageChoice(ctx.text);
    const settings = ctx.services.settings;
    const key = userSettingsKey(ctx.user);
    if (choice.kind === 'unknown') return { text: messages(ctx.locale).languageUnknown(choice.given) };
    if (choice.kind === 'show') return { text: messages(ctx.locale).languageCurrent(pinnedLocale(settings, ctx.user)) };
    if (!settings || !key) return { text: messages(ctx.locale).languageNotStored };
    if (choice.kind === 'auto') {
      settings.clear(key, 'language');
      return { text: messages(ctx.locale).languageUnpinned };
    }
    settings.set(key, 'language', choice.locale);
    return { text: messages(choice.locale).languagePinned };
  },
};
