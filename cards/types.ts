// Shapes shared by every card builder: the card JSON, the Teams attachment and the locale.

/** Languages the cards speak. */
export type Locale = 'en' | 'ja';

/** An Adaptive Card as plain JSON (schema 1.5 or lower), ready to send as attachment content. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
  refresh?: Record<string, unknown>;
  msteams?: { width?: 'Full'; entities?: Record<string, unknown>[] };
  [extra: string]: unknown;
}

/** A Bot Framework attachment carrying one Adaptive Card. */
export interface CardAttachment {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: AdaptiveCard;
}

/** An instant as an ISO 8601 string or a Date. */
export type Instant = string | Date;

/** Wraps a card as the attachment the bot sends. */
export function toAttachment(card: AdaptiveCard): CardAttachment {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}
