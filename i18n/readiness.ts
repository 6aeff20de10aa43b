// Renders the readiness catalogue (readiness-en.ts / readiness-ja.ts) with ICU MessageFormat, and
// names and fixes of preflight checks through the preflight catalogue (render.ts).
import { IntlMessageFormat } from 'intl-messageformat';
import type { MessageId } from '../services/preflight/messages.ts';
import { PREFLIGHT_CATALOGUES, renderMessage, type Lang } from './render.ts';
import { readinessEn, type ReadinessTextId } from './readiness-en.ts';
import { readinessJa } from './readiness-ja.ts';

export type { ReadinessTextId } from './readiness-en.ts';

/** Both catalogues; the type makes them hold the same ids, a test the same arguments. */
export const READINESS_CATALOGUES: Readonly<Record<Lang, Readonly<Record<ReadinessTextId, string>>>> = { en: readinessEn, ja: readinessJa };

const compiled = new Map<string, IntlMessageFormat>();

/** The text `id` in `lang`; a list parameter is joined the language's way. */
export function readinessText(lang: Lang, id: ReadinessTextId, params: Readonly<Record<string, string | number | readonly string[]>> = {}): string {
  const key = `${lang}\u0000${id}`;
  let format = compiled.get(key);
  if (!format) {
    format = new IntlMessageFormat(READINESS_CATALOGUES[lang][id], lang, undefined, { ignoreTag: true });
    compiled.set(key, format);
  }
  const values: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(params)) values[name] = Array.isArray(v) ? v.join(lang === 'ja' ? '、' : ', ') : (v as string | number);
  return String(format.format(values));
}

/** A check's generic text (`name` or `fix`) from the preflight catalogue; undefined for an unknown id. */
export function checkText(lang: Lang, check: string, part: 'name' | 'fix'): string | undefined {
  const id = `${check}.${part}`;
  if (!(id in PREFLIGHT_CATALOGUES[lang])) return undefined;
  return renderMessage({ id: id as MessageId, params: {} }, lang);
}
