// The choose-a-cluster card carries only an opaque token; what it stands for (the cluster and the
// original command) lives in a ChoiceTokenStore, so the click may land on any instance (issue 15).
// Expiring; a token answers only in the conversation it was made for.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { memoryChoiceStore, type ChoiceTokenStore } from '../../services/store/choice-store.ts';
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
  put(choice: Omit<PendingChoice, 'createdAt'>): Promise<string>;
  /** The choice of a token, if it exists, has not expired and belongs to the conversation. */
  get(token: string, conversationId: string): Promise<PendingChoice | undefined>;
}

const payloadSchema = z.object({
  ref: z.object({ subscriptionId: z.string(), resourceGroup: z.string(), name: z.string(), id: z.string() }),
  originalText: z.string(),
});

/** PendingChoices over `store` (default: in this process only), each valid for `ttlMs`. */
export function createPendingChoices(opts: { store?: ChoiceTokenStore; ttlMs?: number; now?: () => number } = {}): PendingChoices {
  const store = opts.store ?? memoryChoiceStore();
  const ttlMs = opts.ttlMs ?? 24 * 60 * 60 * 1000;
  const now = opts.now ?? Date.now;
  return {
    async put(choice) {
      const token = randomUUID();
      const at = now();
      await store.put({ token, conversationId: choice.conversationId, payload: { ref: choice.ref, originalText: choice.originalText },
        createdAt: new Date(at).toISOString(), expiresAt: new Date(at + ttlMs).toISOString() });
      return token;
    },
    async get(token, conversationId) {
      const entry = await store.get(token, new Date(now()));
      if (!entry || entry.conversationId !== conversationId) return undefined;
      const payload = payloadSchema.safeParse(entry.payload);
      if (!payload.success) return undefined;
      return { ...payload.data, conversationId: entry.conversationId, createdAt: Date.parse(entry.createdAt) };
    },
  };
}
