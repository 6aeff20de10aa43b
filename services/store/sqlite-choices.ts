// ChoiceTokenStore in the embedded SQLite database (its own connection on the store's file). Its
// table is schema step 9 (`PENDING_CHOICES_MIGRATION`); until steps 6-8 of the parallel branches are
// in MIGRATIONS it is created here idempotently, so appending the step later changes nothing.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ChoiceTokenStore, StoredChoice } from './choice-store.ts';
import type { Migration } from './migrations.ts';
import { DATABASE_FILE } from './sqlite-store.ts';

/** Schema step 9: choice tokens (append to MIGRATIONS after step 8). */
export const PENDING_CHOICES_MIGRATION: Migration = {
  version: 9,
  description: 'choice tokens behind card buttons (a click may land on any instance)',
  sql: `
    CREATE TABLE IF NOT EXISTS pending_choices (
      token           TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL,
      payload         TEXT NOT NULL,
      created_at      TEXT NOT NULL,
      expires_at      TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS pending_choices_expiry ON pending_choices(expires_at);`,
};

/** A ChoiceTokenStore on `dataDir`'s database (opened by `openStore` first); `close` closes its connection. */
export function openSqliteChoiceStore(dataDir: string): ChoiceTokenStore & { close(): void } {
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.pragma('busy_timeout = 5000');
  db.exec(PENDING_CHOICES_MIGRATION.sql);
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
