// The readiness card of one page of a kept scan, with opaque tokens for its neighbouring pages.
import { buildReadinessCard, fitReadinessPageSize, readinessPageCount } from '../../cards/readiness-card.ts';
import type { FleetReadiness } from '../../services/planning/fleet-readiness.ts';
import { readinessView } from '../../services/planning/readiness-summary.ts';
import type { Reply } from '../commands/types.ts';
import type { Locale } from '../i18n/index.ts';
import type { ReadinessPages } from './pages.ts';

/** Keeps a finished scan for the page buttons and returns the card of its first page. */
export function firstReadinessPage(pages: ReadinessPages, fleet: FleetReadiness, scannedAt: Date, conversationId: string, locale: Locale, maxPageSize?: number): Reply {
  const view = readinessView(fleet);
  const pageSize = fitReadinessPageSize(view, locale, scannedAt, maxPageSize);
  const scanId = pages.keep({ view, scannedAt, pageSize, conversationId, locale });
  return readinessPage(pages, scanId, 0, false);
}

/** The card of `page` of a kept scan (with the list open when the user paged to it). */
export function readinessPage(pages: ReadinessPages, scanId: string, page: number, listVisible: boolean): Reply {
  const kept = pages.get(scanId);
  if (!kept) throw new Error(`no kept scan ${scanId}`);
  const count = readinessPageCount(kept.view, kept.pageSize);
  const card = buildReadinessCard({
    view: kept.view, scannedAt: kept.scannedAt, locale: kept.locale, page, pageSize: kept.pageSize, listVisible,
    pager: {
      ...(page > 0 ? { previous: pages.token(scanId, page - 1) } : {}),
      ...(page < count - 1 ? { next: pages.token(scanId, page + 1) } : {}),
    },
  });
  return { card };
}
