// ChoiceTokenStore in the embedded SQLite database (its own connection on the store's file). Its
// table is schema step 9 in migrations.ts, applied by `openStore` before this store is opened.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ChoiceTokenStore, StoredChoice } from './choice-store.ts';
import { DATABASE_FILE } from './sqlite-store.ts';

/** A ChoiceTokenStore on `dataDir`'s database (opened by `openStore` first); `close` closes its connection. */
export function openSqliteChoiceStore(dataDir: string): ChoiceTokenStore & { close(): void } {
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('busy_timeout = 5000');
  const ins = db.prepare(`INSERT INTO pending_choices (token, conversation_id, payload, created_at, expires_at)
    VALUES (@token, @conversationId, @payload, @createdAt, @expiresAt)`);
  const prune = db.prepare('DELETE FROM pending_choices WHERE expires_at <= ?');
  const getOne = db.prepare('SELECT * FROM pending_choices WHERE token = ? AND expires_at > ?');
  return {
    async put(choice: StoredChoice) {
      db.transaction(() => {
        prune.run(choice.createdAt);
        ins.run({ ...choice, payload: JSON.stringify(choice.payload) });
      }).immediate();
    },
    async get(token, now) {
      const r = getOne.get(token, now.toISOString()) as Record<string, string> | undefined;
      if (!r) return undefined;
      return { token: r.token, conversationId: r.conversation_id, payload: JSON.parse(r.payload) as Record<string, unknown>,
        createdAt: r.created_at, expiresAt: r.expires_at };
    },
    close: () => db.close(),
  };
}
