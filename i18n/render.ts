// Renders structured messages (services/preflight/messages.ts) into one language at the edge:
// ICU MessageFormat (intl-messageformat) for plurals, selects and numbers, Intl.ListFormat for lists.
import { IntlMessageFormat } from 'intl-messageformat';
import type { Message, MessageId, ParamValue } from '../services/preflight/messages.ts';
import type { Finding, PreflightReport } from '../services/preflight/types.ts';
import { preflightEn } from './preflight-en.ts';
import { preflightJa } from './preflight-ja.ts';

/** A language NetPilot speaks. */
export type Lang = 'en' | 'ja';

/** Every language's preflight catalogue; the type makes both hold exactly the same ids. */
export const PREFLIGHT_CATALOGUES: Readonly<Record<Lang, Readonly<Record<MessageId, string>>>> = {
  en: preflightEn,
  ja: preflightJa,
};

const compiled = new Map<string, IntlMessageFormat>();

function formatter(lang: Lang, id: MessageId): IntlMessageFormat | undefined {
  const key = `${lang}\u0000${id}`;
  const hit = compiled.get(key);
  if (hit) return hit;
  const text = PREFLIGHT_CATALOGUES[lang][id] as string | undefined;
  if (text === undefined) return undefined;
  const made = new IntlMessageFormat(text, lang, undefined, { ignoreTag: true });
  compiled.set(key, made);
  return made;
}

const LIST_SEPARATOR: Record<Lang, string> = { en: '; ', ja: '、' };

function isMessage(v: ParamValue): v is Message {
  return typeof v === 'object' && !Array.isArray(v) && 'id' in v;
}

function value(name: string, v: ParamValue, lang: Lang): string | number {
  if (typeof v === 'string' || typeof v === 'number') return v;
  if (isMessage(v)) return renderMessage(v, lang);
  const items = v as readonly (string | Message)[];
  if (items.every((i) => typeof i === 'string')) {
    const type = name.endsWith('Any') ? 'disjunction' : 'conjunction';
    return new Intl.ListFormat(lang, { type, style: 'long' }).format(items as string[]);
  }
  // Structured items often contain commas themselves: a stronger separator keeps them apart.
  return items.map((i) => (typeof i === 'string' ? i : renderMessage(i, lang))).join(LIST_SEPARATOR[lang]);
}

/** The text of `message` in `lang`; an id missing from the catalogue renders as the id (a test keeps that from happening). */
export function renderMessage(message: Message, lang: Lang): string {
  const f = formatter(lang, message.id);
  if (!f) return message.id;
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(message.params)) values[k] = value(k, v, lang);
  return String(f.format(values));
}

/** The three texts of a finding in one language. */
export interface FindingTexts {
  title: string;
  detail: string;
  remediation: string;
}

/** A stored text: a message, or (reports saved before messages existed) an already rendered string. */
function storedText(text: Message | string | undefined, lang: Lang): string {
  if (text === undefined) return '';
  return typeof text === 'string' ? text : renderMessage(text, lang);
}

/** Renders a finding's title, detail and remediation in `lang` (also for reports stored with plain strings). */
export function renderFinding(finding: Finding, lang: Lang): FindingTexts {
  const stored = finding as Omit<Finding, 'title' | 'detail' | 'remediation'> & Record<'title' | 'detail' | 'remediation', Message | string | undefined>;
  return {
    title: storedText(stored.title, lang),
    detail: storedText(stored.detail, lang),
    remediation: storedText(stored.remediation, lang),
  };
}

/** A finding of the JSON report (spec/interfaces.md §7): texts in one language plus the message id and parameters. */
export interface FindingJson {
  check: string;
  severity: Finding['severity'];
  title: string;
  detail: string;
  remediation: string;
  unverified: boolean;
  docsUrl?: string;
  messageId: string;
  params: Finding['params'];
}

/** The JSON report (spec §7) with every finding rendered in `lang`. */
export type PreflightReportJson = Omit<PreflightReport, 'findings'> & { findings: FindingJson[] };

/** Renders the report for `--json`: all spec fields kept, finding texts in `lang`, `messageId` + `params` added. */
export function reportJson(report: PreflightReport, lang: Lang): PreflightReportJson {
  return {
    ...report,
    findings: report.findings.map((f) => ({
      check: f.check,
      severity: f.severity,
      ...renderFinding(f, lang),
      unverified: f.unverified,
      ...(f.docsUrl ? { docsUrl: f.docsUrl } : {}),
      messageId: f.messageId,
      params: f.params,
    })),
  };
}

/** A value an ICU message of the chat, card and CLI catalogues takes; a list is joined in the language's way. */
export type IcuValue = string | number | readonly string[];

/** Named values of one ICU message. */
export type IcuParams = Readonly<Record<string, IcuValue>>;

/** One language's catalogue: id -> ICU message. */
export type Catalogue<Id extends string> = Readonly<Record<Id, string>>;

const compiledTexts = new Map<string, IntlMessageFormat>();

/**
 * Formats one ICU message `text` in `lang` with `params` (lists joined with Intl.ListFormat, "and";
 * a parameter name ending in `Any` joins with "or"). Never throws: a message that cannot be formatted
 * (missing argument) comes back as its raw text, which the catalogue tests keep from happening.
 */
export function formatIcu(lang: Lang, text: string, params: IcuParams = {}): string {
  const key = `${lang}\u0000${text}`;
  let made = compiledTexts.get(key);
  if (!made) {
    made = new IntlMessageFormat(text, lang, undefined, { ignoreTag: true });
    compiledTexts.set(key, made);
  }
  const values: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'number') values[name] = v;
    else if (Array.isArray(v)) values[name] = new Intl.ListFormat(lang, { type: name.endsWith('Any') ? 'disjunction' : 'conjunction', style: 'long' }).format(v.map(String));
    else values[name] = String(v); // a value outside the type (e.g. a boolean from untyped callers) still renders
  }
  try {
    return String(made.format(values));
  } catch {
    return text;
  }
}

/** A function that renders ids of one catalogue family in one language. */
export type Translate<Id extends string> = (id: Id, params?: IcuParams) => string;

/** The renderer of catalogue family `catalogues` (same ids in every language, type-checked) in `lang`; an id built at run time that the catalogue lacks renders as the id. */
export function translator<Id extends string>(catalogues: Readonly<Record<Lang, Catalogue<Id>>>, lang: Lang): Translate<Id> {
  const c = catalogues[lang];
  return (id, params = {}) => {
    const text = c[id] as string | undefined;
    return text === undefined ? id : formatIcu(lang, text, params);
  };
}
