// Server-side memory behind the readiness card's page buttons: a button carries only an opaque
// token; the scan, the page and the conversation it belongs to stay here. Bounded and expiring.
import { randomUUID } from 'node:crypto';
import type { ReadinessView } from '../../services/planning/readiness-summary.ts';
import type { Locale } from '../i18n/index.ts';

/** A scan shown in a conversation. */
export interface ReadinessScan {
  view: ReadinessView;
  scannedAt: Date;
  pageSize: number;
  conversationId: string;
  locale: Locale;
}

/** Tokens of the readiness card's page buttons. */
export interface ReadinessPages {
  /** Keeps a scan; returns its id. */
  keep(scan: ReadinessScan): string;
  /** A kept scan, if it is still kept. */
  get(scanId: string): ReadinessScan | undefined;
  /** A token for `page` of a kept scan. */
  token(scanId: string, page: number): string;
  /** The scan and page of a token, if it exists, has not expired and belongs to the conversation. */
  open(token: string, conversationId: string): { scanId: string; scan: ReadinessScan; page: number } | undefined;
}

/** In-memory ReadinessPages: at most `maxScans` scans (and 50 tokens each), each valid for `ttlMs`. */
export function createReadinessPages(opts: { maxScans?: number; ttlMs?: number; now?: () => number } = {}): ReadinessPages {
  const maxScans = opts.maxScans ?? 20;
  const ttlMs = opts.ttlMs ?? 24 * 60 * 60 * 1000;
  const now = opts.now ?? Date.now;
  const scans = new Map<string, { scan: ReadinessScan; at: number; tokens: Map<string, number> }>();
  const tokenScan = new Map<string, string>();
  const drop = (scanId: string): void => {
    const entry = scans.get(scanId);
    if (!entry) return;
    for (const t of entry.tokens.keys()) tokenScan.delete(t);
    scans.delete(scanId);
  };
  return {
    keep(scan) {
      const id = randomUUID();
      scans.set(id, { scan, at: now(), tokens: new Map() });
      while (scans.size > maxScans) drop(scans.keys().next().value as string);
      return id;
    },
    get(scanId) {
      return scans.get(scanId)?.scan;
    },
    token(scanId, page) {
      const entry = scans.get(scanId);
      if (!entry) throw new Error(`no kept scan ${scanId}`);
      for (const [t, p] of entry.tokens) if (p === page) return t;
      const t = randomUUID();
      entry.tokens.set(t, page);
      tokenScan.set(t, scanId);
      if (entry.tokens.size > 50) {
        const oldest = entry.tokens.keys().next().value as string;
        entry.tokens.delete(oldest);
        tokenScan.delete(oldest);
      }
      return t;
    },
    open(token, conversationId) {
      const scanId = tokenScan.get(token);
      const entry = scanId ? scans.get(scanId) : undefined;
      if (!scanId || !entry) return undefined;
      if (now() - entry.at > ttlMs) {
        drop(scanId);
        return undefined;
      }
      if (entry.scan.conversationId !== conversationId) return undefined;
      const page = entry.tokens.get(token);
      return page === undefined ? undefined : { scanId, scan: entry.scan, page };
    },
  };
}
