// The approval flow's catalogues by locale (kept beside the main catalogues, same locales).
import { approvalEn } from './approval-en.ts';
import { approvalJa } from './approval-ja.ts';
import type { ApprovalMessages } from './approval-messages.ts';
import type { Locale } from './index.ts';

export type { ApprovalMessages } from './approval-messages.ts';

/** Every approval catalogue, by locale. */
export const APPROVAL_MESSAGES: Readonly<Record<Locale, ApprovalMessages>> = { en: approvalEn, ja: approvalJa };

/** The approval catalogue of a locale. */
export function approvalMessages(locale: Locale): ApprovalMessages {
  return APPROVAL_MESSAGES[locale];
}
