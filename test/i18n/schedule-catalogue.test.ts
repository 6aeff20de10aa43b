// The schedule/health catalogue: same ids and ICU arguments in both languages, every message
// renders, no English sentence in Japanese; zone formatting.
import { describe, expect, it } from 'vitest';
import { formatInZone, SCHEDULE_CATALOGUES, scheduleText } from '../../i18n/schedule.ts';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { englishSentences } from './english-in-japanese.ts';

/** Argument names of a message (select branches included), sorted. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (els: MessageFormatElement[]): void => {
    for (const el of els) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      if ('value' in el && typeof el.value === 'string') names.add(el.value);
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const o of Object.values(el.options)) walk(o.value);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...names].sort();
}

/** The literal text of a message; each argument or branch boundary becomes a break. */
function literalText(message: string): string {
  const out: string[] = [];
  const walk = (els: MessageFormatElement[]): void => {
    for (const el of els) {
      if (el.type === TYPE.literal) out.push(el.value);
      else if (el.type === TYPE.plural || el.type === TYPE.select) {
        for (const o of Object.values(el.options)) { out.push('\u0001'); walk(o.value); }
        out.push('\u0001');
      } else out.push('\u0001');
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return out.join('');
}

const { en, ja } = SCHEDULE_CATALOGUES;

describe('schedule catalogue', () => {
  it('has the same ids in English and Japanese', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en))('%s: same arguments in both languages', (id) => {
    expect(argumentsOf(ja[id as keyof typeof ja])).toEqual(argumentsOf(en[id as keyof typeof en]));
  });

  it('writes no English sentence in Japanese', () => {
    const offenders = Object.entries(ja).map(([id, text]) => [id, englishSentences(literalText(text))] as const)
      .filter(([, runs]) => runs.length > 0);
    expect(offenders).toEqual([]);
  });

  it('renders selects and arguments', () => {
    expect(scheduleText('en', 'decided.scheduled', { kind: 'window', at: '2026-12-05 22:00 +09:00' }))
      .toBe('Starts in the maintenance window at 2026-12-05 22:00 +09:00. The preflight and the eTag check run again then.');
    expect(scheduleText('ja', 'health.issue', { issue: 'notReady' })).toBe('Ready ではありません');
  });
});

describe('formatInZone', () => {
  it('formats in an IANA zone, a fixed offset, and falls back to UTC', () => {
    expect(formatInZone('2026-12-05T13:00:00Z', 'Asia/Tokyo')).toBe('2026-12-05 22:00 +09:00');
    expect(formatInZone('2026-12-05T13:00:00Z', '-05:30')).toBe('2026-12-05 07:30 -05:30');
    expect(formatInZone('2026-07-01T13:00:00Z', 'America/New_York')).toBe('2026-07-01 09:00 -04:00');
    expect(formatInZone('2026-12-05T13:00:00Z', 'Nowhere/Else')).toBe('2026-12-05 13:00 +00:00');
  });
});
