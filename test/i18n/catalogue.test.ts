// The catalogues: every id in both languages (also enforced by the type) with the same ICU
// arguments, every message parses, and Japanese texts carry no English sentence.
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AUDIT_CATALOGUES } from '../../i18n/audit.ts';
import { CLI_CATALOGUES } from '../../i18n/cli-text.ts';
import { ERROR_CATALOGUES } from '../../i18n/errors.ts';
import { PREFLIGHT_CATALOGUES } from '../../i18n/render.ts';
import { CHECK_IDS } from '../../services/preflight/messages.ts';
import { CHECKS } from '../../services/preflight/registry.ts';
import { englishSentences } from './english-in-japanese.ts';

/** Argument names of an ICU message (nested plural/select branches included), sorted. */
export function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]): void => {
    for (const el of elements) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      if ('value' in el && typeof el.value === 'string' && el.type !== TYPE.tag) names.add(el.value);
      if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) walk(option.value);
      if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return [...names].sort();
}

/** The literal words of an ICU message: each argument and branch boundary becomes a break (U+0001, which ends a word run but not a command). */
function literalText(message: string): string {
  const out: string[] = [];
  const walk = (elements: MessageFormatElement[]): void => {
    for (const el of elements) {
      if (el.type === TYPE.literal) out.push(el.value);
      else if (el.type === TYPE.plural || el.type === TYPE.select) {
        for (const option of Object.values(el.options)) {
          out.push('\u0001');
          walk(option.value);
        }
        out.push('\u0001');
      } else out.push('\u0001');
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return out.join('');
}

type ByLang = { en: Readonly<Record<string, string>>; ja: Readonly<Record<string, string>> };

const I18N_DIR = fileURLToPath(new URL('../../i18n/', import.meta.url));
const FILES = readdirSync(I18N_DIR).filter((f) => f.endsWith('.ts'));
/** Every `<area>-en.ts` / `<area>-ja.ts` pair in i18n/ (new catalogue files are covered without editing this test). */
const PAIRS = FILES.filter((f) => f.endsWith('-en.ts')).map((f) => f.slice(0, -'-en.ts'.length));

const isCatalogue = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length > 0 && Object.values(v).every((x) => typeof x === 'string');

/** The catalogue objects a pair of files exports, matched by name (`fooEn` <-> `fooJa`) or, when each has one, by being the only one. */
async function cataloguesOf(area: string): Promise<[string, ByLang][]> {
  const en = (await import(`../../i18n/${area}-en.ts`)) as Record<string, unknown>;
  const ja = (await import(`../../i18n/${area}-ja.ts`)) as Record<string, unknown>;
  const enNames = Object.keys(en).filter((k) => isCatalogue(en[k]));
  const jaNames = Object.keys(ja).filter((k) => isCatalogue(ja[k]));
  if (enNames.length === 1 && jaNames.length === 1) return [[area, { en: en[enNames[0]] as Record<string, string>, ja: ja[jaNames[0]] as Record<string, string> }]];
  return enNames.map((name) => {
    const jaName = name.replace(/En(?=[A-Z]|$)/, 'Ja').replace(/^en(?=[A-Z])/, 'ja');
    return [`${area}:${name}`, { en: en[name] as Record<string, string>, ja: (ja[jaName] ?? {}) as Record<string, string> }];
  });
}

const PAIRED: [string, ByLang][] = (await Promise.all(PAIRS.map(cataloguesOf))).flat();

const CATALOGUES: Record<string, ByLang> = {
  ...Object.fromEntries(PAIRED),
  // Catalogue families that keep both languages in one file.
  cli: CLI_CATALOGUES,
  errors: ERROR_CATALOGUES,
  audit: AUDIT_CATALOGUES,
};

describe('catalogue registry', () => {
  it('every *-en.ts in i18n/ has its *-ja.ts (and the other way round) and exports a catalogue', () => {
    const jaAreas = FILES.filter((f) => f.endsWith('-ja.ts')).map((f) => f.slice(0, -'-ja.ts'.length));
    expect(jaAreas.sort()).toEqual([...PAIRS].sort());
    for (const area of PAIRS) expect(PAIRED.some(([name]) => name === area || name.startsWith(`${area}:`)), area).toBe(true);
  });

  it('covers the preflight, card, chat and approval catalogues', () => {
    expect(Object.keys(CATALOGUES)).toEqual(expect.arrayContaining(['preflight', 'cards', 'chat', 'approval']));
    expect(CATALOGUES.preflight.en).toBe(PREFLIGHT_CATALOGUES.en);
  });
});

describe.each(Object.entries(CATALOGUES))('%s catalogue', (_name, byLang) => {
  it('every message parses as ICU in both languages', () => {
    for (const lang of ['en', 'ja'] as const) for (const [id, text] of Object.entries(byLang[lang])) expect(() => parse(text, { ignoreTag: true }), `${lang} ${id}`).not.toThrow();
  });

  it('has the same ids in English and Japanese', () => {
    expect(Object.keys(byLang.ja).sort()).toEqual(Object.keys(byLang.en).sort());
  });

  it.each(Object.keys(byLang.en))('%s: same ICU arguments in both languages', (id) => {
    const en = (byLang.en as Record<string, string>)[id];
    const ja = (byLang.ja as Record<string, string>)[id];
    expect(argumentsOf(ja), ja).toEqual(argumentsOf(en));
  });

  it('writes no English sentence in Japanese (only identifiers, commands and product names)', () => {
    const offenders = Object.entries(byLang.ja as Record<string, string>)
      .map(([id, text]) => [id, englishSentences(literalText(text))] as const)
      .filter(([, runs]) => runs.length > 0);
    expect(offenders).toEqual([]);
  });
});

describe('argumentsOf (the parity test itself)', () => {
  it('finds plain, number, plural and select arguments and those nested in branches', () => {
    expect(argumentsOf('{a} {b, number} {c, plural, one {# {d}} other {{e}}} {f, select, x {{g}} other {}}'))
      .toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('tells two messages with different arguments apart', () => {
    expect(argumentsOf('{cluster} uses {plugin}')).not.toEqual(argumentsOf('{cluster} を使用'));
  });
});

describe('englishSentences (the detector itself)', () => {
  it('flags an English sentence and passes Japanese with commands, CIDRs and product names', () => {
    expect(englishSentences('対処: Review and rewrite them before the migration')).toEqual(['Review and rewrite them before the migration']);
    expect(englishSentences('ポッド CIDR 10.0.0.0/16 を az aks update -g rg-demo -n aks-legacy --network-plugin azure で変更')).toEqual([]);
    expect(englishSentences('Azure CNI powered by Cilium は Linux ノードのみをサポートします')).toEqual([]);
    // Azure's own words, quoted and labelled as the original, are not NetPilot's sentences
    expect(englishSentences('Azure のエラー UpgradeFailed（原文）: Drain of node aks-x was blocked')).toEqual([]);
    expect(englishSentences('原文ではなく Drain of node aks-x was blocked')).toEqual(['Drain of node']);
  });
});

describe('per-check texts', () => {
  it('every registered check has a name, a failing title and a remedy in every language', () => {
    expect([...CHECK_IDS].sort()).toEqual(CHECKS.map((c) => c.id).sort());
    for (const lang of ['en', 'ja'] as const) {
      for (const check of CHECKS) {
        for (const part of ['name', 'title', 'fix']) {
          expect((PREFLIGHT_CATALOGUES[lang] as Record<string, string>)[`${check.id}.${part}`], `${lang} ${check.id}.${part}`).toBeTruthy();
        }
      }
    }
  });

  it('a failing title differs from what the check verifies', () => {
    for (const lang of ['en', 'ja'] as const) {
      const c = PREFLIGHT_CATALOGUES[lang] as Record<string, string>;
      for (const id of CHECK_IDS) expect(c[`${id}.title`], `${lang} ${id}`).not.toBe(c[`${id}.name`]);
    }
  });
});
