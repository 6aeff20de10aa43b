// The error card (a short, useful message; never a stack trace) and the "did you mean" card.
import { escapeMarkdown } from './format.ts';
import { cardText } from './strings/index.ts';
import { renderTemplate } from './template.ts';
import type { AdaptiveCard, Locale } from './types.ts';

/** Input of buildErrorCard; title defaults to the catalogue's generic title when empty. */
export interface ErrorCardData {
  title?: string;
  message: string;
  hint?: string;
  correlationId?: string;
  locale: Locale;
}

/** Input of buildNotFoundCard. */
export interface NotFoundCardData {
  query: string;
  suggestions: string[];
  locale: Locale;
}

const MAX_MESSAGE = 2000;
const MAX_SUGGESTIONS = 5;

/** Builds the error card: title, message, optional hint and correlation id. */
export function buildErrorCard(data: ErrorCardData): AdaptiveCard {
  const t = cardText(data.locale);
  return renderTemplate('error', {
    title: data.title?.trim() || t('errorTitleDefault'),
    message: data.message.slice(0, MAX_MESSAGE),
    hint: data.hint ? t('errorHint', { text: data.hint }) : '',
    code: data.correlationId ? t('correlation', { id: data.correlationId }) : '',
  });
}

/** Builds the "did you mean" card for an unknown cluster name. */
export function buildNotFoundCard(data: NotFoundCardData): AdaptiveCard {
  const t = cardText(data.locale);
  const suggestions = data.suggestions.slice(0, MAX_SUGGESTIONS);
  return renderTemplate('not-found', {
    title: t('notFoundTitle', { query: escapeMarkdown(data.query.slice(0, 100)) }),
    lead: suggestions.length > 0 ? t('notFoundSuggestions') : t('notFoundNone'),
    suggestions: suggestions.map((text) => ({ text })),
    footer: t('notFoundTryList'),
  });
}
