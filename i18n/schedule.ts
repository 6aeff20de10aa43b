// Renders the schedule/health catalogue (i18n/schedule-en.ts, schedule-ja.ts) in one language with
// ICU MessageFormat, and formats instants in a zone (IANA name or ±hh:mm) as `yyyy-mm-dd hh:mm ±hh:mm`.
import { IntlMessageFormat } from 'intl-messageformat';
import type { Lang } from './render.ts';
import { scheduleEn, type ScheduleMessageId } from './schedule-en.ts';
import { scheduleJa } from './schedule-ja.ts';

export type { ScheduleMessageId } from './schedule-en.ts';

/** Both languages' catalogues; the type makes them hold the same ids. */
export const SCHEDULE_CATALOGUES: Readonly<Record<Lang, Readonly<Record<ScheduleMessageId, string>>>> = { en: scheduleEn, ja: scheduleJa };

const compiled = new Map<string, IntlMessageFormat>();

/** A code such as `cluster-changed` as an ICU select key (`clusterChanged`). */
export function selectKey(code: string): string {
  return code.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
}

/** The message `id` in `lang` with `params`. */
export function scheduleText(lang: Lang, id: ScheduleMessageId, params: Record<string, string | number> = {}): string {
  const k = `${lang}\u0000${id}`;
  let f = compiled.get(k);
  if (!f) {
    f = new IntlMessageFormat(SCHEDULE_CATALOGUES[lang][id], lang, undefined, { ignoreTag: true });
    compiled.set(k, f);
  }
  return String(f.format(params));
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `instant` as `yyyy-mm-dd hh:mm ±hh:mm` in `zone` (an IANA zone, or a `±hh:mm` offset); UTC when unknown. */
export function formatInZone(instant: Date | string, zone: string): string {
  const t = typeof instant === 'string' ? new Date(instant) : instant;
  const fixed = /^([+-])(\d{2}):(\d{2})$/.exec(zone);
  let offset = 0;
  if (fixed) offset = (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  else {
    try {
      const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(t);
      const get = (x: string) => Number(parts.find((p) => p.type === x)?.value ?? 0);
      offset = Math.round((Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - Math.floor(t.getTime() / 60_000) * 60_000) / 60_000);
    } catch {
      offset = 0;
    }
  }
  const local = new Date(t.getTime() + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())} ${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
