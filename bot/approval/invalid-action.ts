// The answer to card action data that is missing, altered or too large: a clear error card.
import type { Reply } from '../commands/types.ts';
import { approvalMessages } from '../i18n/approval.ts';
import type { Locale } from '../i18n/index.ts';
import type { BotServices } from '../ports.ts';

/** An error card saying the card data is not valid (never an exception). */
export function invalidActionReply(services: BotServices, locale: Locale): Reply {
  const m = approvalMessages(locale);
  return { card: services.cards.error({ title: m.invalidActionTitle, message: m.invalidAction, locale }) };
}
