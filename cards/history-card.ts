// The history card: a cluster's audit trail, newest first as given by the caller.
import { escapeMarkdown, firstOf, formatInstant, moreText, truncate } from './format.ts';
import { cardText } from './strings/index.ts';
import { renderTemplate } from './template.ts';
import type { AdaptiveCard, Instant, Locale } from './types.ts';

/** One audit entry as the card shows it. */
export interface HistoryEntry {
  at: Instant;
  event: string;
  by?: { name: string };
  detail?: string;
}

/** Input of buildHistoryCard. */
export interface HistoryCardData {
  clusterName: string;
  entries: HistoryEntry[];
  locale: Locale;
}

const MAX_ENTRIES = 50;

/** Builds the history card (at most 50 entries, then "…and K more"). */
export function buildHistoryCard(data: HistoryCardData): AdaptiveCard {
  const t = cardText(data.locale);
  const { shown, more } = firstOf(data.entries, MAX_ENTRIES);
  return renderTemplate('history', {
    title: t('historyTitle', { cluster: data.clusterName }),
    empty: data.entries.length === 0 ? t('historyEmpty') : '',
    entries: shown.map((e) => ({
      at: formatInstant(e.at),
      headline: e.by ? `${e.event} · ${t('historyBy', { name: escapeMarkdown(e.by.name) })}` : e.event,
      detail: e.detail ? escapeMarkdown(truncate(e.detail, 300, t)) : '',
    })),
    more: moreText(more, t),
  });
}
