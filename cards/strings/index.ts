// The card catalogue as the builders use it: a typed translator over i18n/cards-en.ts and
// i18n/cards-ja.ts (ICU MessageFormat through i18n/render.ts).
import { cardsEn, type CardTextId } from '../../i18n/cards-en.ts';
import { cardsJa } from '../../i18n/cards-ja.ts';
import { translator, type Translate } from '../../i18n/render.ts';
import type { Locale } from '../types.ts';

export type { CardTextId } from '../../i18n/cards-en.ts';

/** Renders one card text id with its ICU parameters in the builder's language. */
export type CardText = Translate<CardTextId>;

/** The card catalogues by locale; both hold exactly the same ids (type + test). */
export const CARD_CATALOGUES = { en: cardsEn, ja: cardsJa } as const;

/** The card texts of `locale` (English for anything unknown). */
export function cardText(locale: Locale): CardText {
  return translator(CARD_CATALOGUES, locale === 'ja' ? 'ja' : 'en');
}
