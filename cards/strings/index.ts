// Picks a catalogue by locale and fills `{name}` slots.
import { en, type CardStrings } from './en.ts';
import { ja } from './ja.ts';
import type { Locale } from '../types.ts';

export type { CardStrings } from './en.ts';

/** The catalogues by locale; both have exactly the same keys. */
export const CATALOGUES: Readonly<Record<Locale, CardStrings>> = { en, ja };

/** The catalogue for `locale` (English for anything unknown). */
export function catalogue(locale: Locale): CardStrings {
  return CATALOGUES[locale] ?? en;
}

/** Fills every `{name}` in `text` from `values`; unknown slots stay visible so tests catch them. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (slot, key: string) => (key in values ? String(values[key]) : slot));
}
