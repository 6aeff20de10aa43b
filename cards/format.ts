// Small pure helpers the builders share: truncation, list summaries, times, bars.
import type { Target } from '../services/cluster/types.ts';
import { type CardText } from './strings/index.ts';
import type { Instant } from './types.ts';

/** Cuts `text` to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number, t: CardText): string {
  if (text.length <= max) return text;
  const mark = ` ${t('truncated')}`;
  return text.slice(0, Math.max(0, max - mark.length)).trimEnd() + mark;
}

/** The first `max` items and how many were left off. */
export function firstOf<T>(items: readonly T[], max: number): { shown: T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}

/** "…and K more" in the catalogue's language, or '' when nothing was left off. */
export function moreText(more: number, t: CardText): string {
  return more > 0 ? t('andMore', { count: more }) : '';
}

/** Joins at most `max` names, then "…and K more". */
export function joinSummarised(items: readonly string[], max: number, t: CardText): string {
  const { shown, more } = firstOf(items, max);
  return more > 0 ? `${shown.join(', ')} ${moreText(more, t)}` : shown.join(', ');
}

/** Title/value rows of a networkProfile change; list values (e.g. `podCidrs`) are joined with ", ". */
export function profileFacts(profile: Readonly<Record<string, string | readonly string[]>>): { title: string; value: string }[] {
  return Object.entries(profile).map(([title, value]) => ({ title, value: typeof value === 'string' ? value : value.join(', ') }));
}

/** A human name of a migration target. */
export function targetLabel(target: Target, t: CardText): string {
  return target === 'overlay' ? t('targetOverlay') : t('targetCilium');
}

/** `YYYY-MM-DD HH:mm UTC`, or the input unchanged when it is not a date. */
export function formatInstant(at: Instant): string {
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `1h 05m`, `12m 30s` or `45s` (ja: `1 時間 5 分`, `12 分 30 秒`, `30 分` or `45 秒`). */
export function formatDuration(seconds: number, lang: 'en' | 'ja' = 'en'): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (lang === 'ja') {
    if (h > 0) return m > 0 ? `${h} 時間 ${m} 分` : `${h} 時間`;
    return m > 0 ? (sec > 0 ? `${m} 分 ${sec} 秒` : `${m} 分`) : `${sec} 秒`;
  }
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

/** A text progress bar such as `▓▓▓░░░` (`width` cells, never NaN for total 0). */
export function textBar(done: number, total: number, width = 12): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const full = Math.round(ratio * width);
  return '▓'.repeat(full) + '░'.repeat(width - full);
}

// Characters that start or end Adaptive Card / Teams markdown: links, emphasis, code, headings,
// tags and mentions (`<at>`), strike-through; the backslash itself so user text cannot unescape.
const MARKDOWN_SPECIALS = /[\\`*_[\]()#<>~]/g;

/**
 * User text made safe for a TextBlock or FactSet value: every markdown special character is
 * backslash-escaped (CommonMark shows the character itself), and a line start that would open a
 * list, quote or heading (`- `, `+ `, `= `, `1. `, `1) `) is escaped too. The visible text is unchanged;
 * a renderer without escapes shows the backslashes, never a link, mention or formatting.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(MARKDOWN_SPECIALS, (c) => `\\${c}`)
    .replace(/^([ \t]*)([-+=])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)([.)])/gm, '$1\\$2');
}
