// Server-side memory behind the choose-a-cluster card: the card carries only an opaque token;
// what it stands for (the cluster and the original command) stays here. Bounded and expiring.
import { randomUUID } from 'node:crypto';
import type { ClusterRef } from '../ports.ts';

/** What a choice token stands for. */
export interface PendingChoice {
  ref: ClusterRef;
  /** The command text that was ambiguous; it is re-run with this cluster. */
  originalText: string;
  conversationId: string;
  createdAt: number;
}

/** Tokens for choose-a-cluster buttons. */
export interface PendingChoices {
  /** Stores the choice and returns the opaque token the card carries. */
  put(choice: Omit<PendingChoice, 'createdAt'>): string;
  /** The choice of a token, if it exists, has not expired and belongs to the conversation. */
  get(token: string, conversationId: string): PendingChoice | undefined;
}

/** In-memory PendingChoices: at most `max` entries, each valid for `ttlMs`. */
export function createPendingChoices(opts: { max?: number; ttlMs?: number; now?: () => number } = {}): PendingChoices {
  const max = opts.max ?? 1000;
  const ttlMs = opts.ttlMs ?? 24 * 60 * 60 * 1000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, PendingChoice>();
  return {
    put(choice) {
      const token = randomUUID();
      entries.set(token, { ...choice, createdAt: now() });
      while (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return token;
    },
    get(token, conversationId) {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (now() - entry.createdAt > ttlMs) {
        entries.delete(token);
        return undefined;
      }
      return entry.conversationId === conversationId ? entry : undefined;
    },
  };
}
