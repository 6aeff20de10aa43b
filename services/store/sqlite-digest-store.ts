// The SQLite DigestStore (schema version 7): digest channels, one claimed-then-posted row per
// channel and period (the primary key makes the claim an insert only one sender wins), and the
// fleet record of each period.
import type Database from 'better-sqlite3';
import type { DigestChannel, DigestPost, DigestStore } from './types.ts';

type Row = Record<string, unknown>;

/** Schema step 7 (tables of the weekly readiness digest). */
export const DIGEST_MIGRATION_SQL = `
  CREATE TABLE digest_channels (
    conversation_id TEXT PRIMARY KEY,
    enabled         INTEGER NOT NULL,
    enabled_at      TEXT NOT NULL,
    locale          TEXT NOT NULL
  );
  CREATE TABLE digest_posts (
    conversation_id TEXT NOT NULL,
    period          TEXT NOT NULL,
    state           TEXT NOT NULL,
    claimed_at      TEXT NOT NULL,
    posted_at       TEXT,
    activity_id     TEXT,
    PRIMARY KEY (conversation_id, period)
  );
  CREATE TABLE digest_records (
    period   TEXT PRIMARY KEY,
    record   TEXT NOT NULL,
    saved_at TEXT NOT NULL
  );`;

const toChannel = (r: Row): DigestChannel => ({
  conversationId: r.conversation_id as string,
  enabled: r.enabled === 1,
  enabledAt: r.enabled_at as string,
  locale: r.locale as string,
});

const toPost = (r: Row): DigestPost => ({
  conversationId: r.conversation_id as string,
  period: r.period as string,
  state: r.state === 'posted' ? 'posted' : 'claimed',
  claimedAt: r.claimed_at as string,
  ...(typeof r.posted_at === 'string' ? { postedAt: r.posted_at } : {}),
  ...(typeof r.activity_id === 'string' ? { activityId: r.activity_id } : {}),
});

/** The DigestStore over an open, migrated database. */
export function sqliteDigestStore(db: Database.Database): DigestStore {
  const upsertChannel = db.prepare(`INSERT INTO digest_channels (conversation_id, enabled, enabled_at, locale) VALUES (?, 1, ?, ?)
    ON CONFLICT(conversation_id) DO UPDATE SET enabled = 1, enabled_at = excluded.enabled_at, locale = excluded.locale`);
  const off = db.prepare('UPDATE digest_channels SET enabled = 0 WHERE conversation_id = ? AND enabled = 1');
  const getChannel = db.prepare('SELECT * FROM digest_channels WHERE conversation_id = ?');
  const listOn = db.prepare('SELECT * FROM digest_channels WHERE enabled = 1 ORDER BY conversation_id');
  const lastPosted = db.prepare(`SELECT * FROM digest_posts WHERE conversation_id = ? AND state = 'posted' ORDER BY period DESC LIMIT 1`);
  const insertClaim = db.prepare(`INSERT INTO digest_posts (conversation_id, period, state, claimed_at) VALUES (?, ?, 'claimed', ?)
    ON CONFLICT(conversation_id, period) DO NOTHING`);
  const retakeClaim = db.prepare(`UPDATE digest_posts SET claimed_at = ? WHERE conversation_id = ? AND period = ? AND state = 'claimed' AND claimed_at < ?`);
  const posted = db.prepare(`UPDATE digest_posts SET state = 'posted', posted_at = ?, activity_id = ? WHERE conversation_id = ? AND period = ?`);
  const getPost = db.prepare('SELECT * FROM digest_posts WHERE conversation_id = ? AND period = ?');
  const saveRecord = db.prepare('INSERT INTO digest_records (period, record, saved_at) VALUES (?, ?, ?) ON CONFLICT(period) DO NOTHING');
  const getRecord = db.prepare('SELECT record FROM digest_records WHERE period = ?');
  const before = db.prepare('SELECT period, record FROM digest_records WHERE period < ? ORDER BY period DESC LIMIT 1');
  const claimTx = db.transaction((conversationId: string, period: string, at: string, staleBefore: string): boolean =>
    insertClaim.run(conversationId, period, at).changes > 0 || retakeClaim.run(at, conversationId, period, staleBefore).changes > 0);
  return {
    enable(conversationId, at, locale) {
      upsertChannel.run(conversationId, at, locale);
    },
    disable(conversationId) {
      return off.run(conversationId).changes > 0;
    },
    get(conversationId) {
      const r = getChannel.get(conversationId) as Row | undefined;
      return r ? toChannel(r) : undefined;
    },
    listEnabled() {
      return (listOn.all() as Row[]).map(toChannel);
    },
    lastPosted(conversationId) {
      const r = lastPosted.get(conversationId) as Row | undefined;
      return r ? toPost(r) : undefined;
    },
    claim(conversationId, period, at, staleBefore) {
      return claimTx.immediate(conversationId, period, at, staleBefore);
    },
    markPosted(conversationId, period, at, activityId) {
      posted.run(at, activityId ?? null, conversationId, period);
    },
    getPost(conversationId, period) {
      const r = getPost.get(conversationId, period) as Row | undefined;
      return r ? toPost(r) : undefined;
    },
    saveRecord(period, record, at) {
      saveRecord.run(period, JSON.stringify(record), at);
    },
    getRecord(period) {
      const r = getRecord.get(period) as { record: string } | undefined;
      return r ? (JSON.parse(r.record) as Record<string, unknown>) : undefined;
    },
    latestRecordBefore(period) {
      const r = before.get(period) as { period: string; record: string } | undefined;
      return r ? { period: r.period, record: JSON.parse(r.record) as Record<string, unknown> } : undefined;
    },
  };
}
