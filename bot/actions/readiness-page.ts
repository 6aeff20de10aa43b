// Verb `readinessPage`: the next or previous page of a readiness card. The button carries only an
// opaque token; the scan and the page are looked up server-side (and must belong to this conversation).
import { z } from 'zod';
import { READINESS_PAGE_VERB } from '../../cards/readiness-card.ts';
import { readinessText } from '../../i18n/readiness.ts';
import { refusal } from '../commands/permissions.ts';
import { readinessPage } from '../readiness/card-reply.ts';
import type { ActionHandler } from './types.ts';

const dataSchema = z.object({ token: z.string().min(1).max(100) });

/** Answers with the requested page (it replaces the clicked card). */
export const readinessPageAction: ActionHandler = {
  verb: READINESS_PAGE_VERB,
  async handle(ctx) {
    const refused = refusal('read', { ...ctx, command: { intent: 'readiness', language: ctx.locale }, text: '' });
    if (refused) return refused;
    const expired = { text: readinessText(ctx.locale, 'page.expired') };
    const data = dataSchema.safeParse(ctx.data);
    const pages = ctx.services.readiness?.pages;
    if (!data.success || !pages) return expired;
    const opened = pages.open(data.data.token, ctx.conversation.id);
    if (!opened) return expired;
    return readinessPage(pages, opened.scanId, opened.page, true);
  },
};
