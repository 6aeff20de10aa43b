// Short-lived tokens behind card buttons (choose-a-cluster): the card carries only the token, what it
// stands for lives here, so the click may land on any instance (issue 15). Implementations: SQLite
// (`sqlite-choices.ts`) and, for one process without a store, `memoryChoiceStore` below.

/** What a token stands for: an opaque JSON payload, bound to one conversation, until `expiresAt`. */
export interface StoredChoice {
  token: string;
  conversationId: string;
  payload: Record<string, unknown>;
  createdAt: string;
  expiresAt: string;
}

/** Choice tokens (async: the Azure implementation is remote). */
export interface ChoiceTokenStore {
  /** Stores a new token; throws on a duplicate token. Removes expired entries on the way. */
  put(choice: StoredChoice): Promise<void>;
  /** The entry, when it exists and has not expired at `now`. */
  get(token: string, now: Date): Promise<StoredChoice | undefined>;
}

/** In-process ChoiceTokenStore (a single instance, or tests), bounded to `max` entries. */
export function memoryChoiceStore(max = 1000): ChoiceTokenStore {
  const entries = new Map<string, StoredChoice>();
  return {
    async put(choice) {
      if (entries.has(choice.token)) throw new Error(`duplicate choice token ${choice.token}`);
      const now = Date.parse(choice.createdAt);
      for (const [token, e] of entries) if (Date.parse(e.expiresAt) <= now) entries.delete(token);
      entries.set(choice.token, structuredClone(choice));
      while (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
    async get(token, now) {
      const e = entries.get(token);
      return e && Date.parse(e.expiresAt) > now.getTime() ? structuredClone(e) : undefined;
    },
  };
}
