// The audit trail's hash chain: every row carries `prev_hash` (the hash of the row before it) and
// `hash` = sha256(prev_hash + "\n" + canonical row). Changing, inserting or deleting a row breaks
// the chain from there on; `verifyAuditChain` finds the first row where it breaks.
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditNote } from '../approval/types.ts';
import type { StoredAuditEntry } from './types.ts';

type Db = Database.Database;

/** `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The stored columns of one audit row that the hash covers, in this fixed order. */
export interface AuditRowFields {
  seq: number;
  kind: string;
  request_id: string;
  cluster_id: string;
  at: string;
  actor_id: string | null;
  actor_name: string | null;
  report_hash: string | null;
  etag: string | null;
  operation: string | null;
  detail: string | null;
}

const FIELDS = ['seq', 'kind', 'request_id', 'cluster_id', 'at', 'actor_id', 'actor_name', 'report_hash', 'etag', 'operation', 'detail'] as const;

/** The canonical serialisation of a row: a JSON array of its fields in a fixed order (null for absent). */
export function canonicalAuditRow(row: AuditRowFields): string {
  return JSON.stringify(FIELDS.map((f) => row[f] ?? null));
}

/** The chain hash of a row given the previous row's hash (hex sha256). */
export function auditEntryHash(row: AuditRowFields, prevHash: string): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalAuditRow(row)}`, 'utf8').digest('hex');
}

/** The hash of the last row (the genesis hash when the trail is empty). */
export function lastAuditHash(db: Db): string {
  const r = db.prepare('SELECT hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { hash: string | null } | undefined;
  return r?.hash ?? GENESIS_HASH;
}

/** The sequence number the next audit row gets (AUTOINCREMENT never reuses one, even after a delete). */
export function nextAuditSeq(db: Db): number {
  const fromSeq = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'audit'`).get() as { seq: number } | undefined;
  const fromRows = db.prepare('SELECT MAX(seq) AS m FROM audit').get() as { m: number | null };
  return Math.max(fromSeq?.seq ?? 0, fromRows.m ?? 0) + 1;
}

/** Fills `prev_hash`/`hash` of every row in seq order (the migration that introduces the chain). */
export function chainExistingAuditRows(db: Db): number {
  const rows = db.prepare('SELECT * FROM audit ORDER BY seq').all() as AuditRowFields[];
  const set = db.prepare('UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?');
  let prev = GENESIS_HASH;
  for (const row of rows) {
    const hash = auditEntryHash(row, prev);
    set.run(prev, hash, row.seq);
    prev = hash;
  }
  return rows.length;
}

/** Outcome of a chain check: intact (with the count and the last entry) or the first broken entry. */
export type AuditChainResult =
  | { ok: true; entries: number; last?: { seq: number; at: string; hash: string } }
  | { ok: false; entries: number; seq: number; at: string; reason: string; why: AuditBreak };

/** Why the chain breaks, as an id with parameters (`reason` says the same in English, for logs). */
export type AuditBreak =
  | { id: 'no-hash' }
  | { id: 'missing-before'; expected: number }
  | { id: 'prev-mismatch' }
  | { id: 'content-changed' }
  | { id: 'tail-removed'; from: number; to: number };

/** A stored row with its chain columns, as `verifyAuditRows` reads it. */
export type ChainedAuditRow = AuditRowFields & { prev_hash: string | null; hash: string | null };

/** Walks the rows (in seq order) and returns the first entry whose chain does not hold. `counter` is the
 * highest seq ever handed out, when the store keeps one: a removed tail leaves no hole in the chain. */
export function verifyAuditRows(rows: readonly ChainedAuditRow[], counter?: number): AuditChainResult {
  let prev = GENESIS_HASH;
  let prevSeq = 0;
  for (const row of rows) {
    const broken = (reason: string, why: AuditBreak): AuditChainResult => ({ ok: false, entries: rows.length, seq: row.seq, at: row.at, reason, why });
    if (row.hash === null || row.prev_hash === null) return broken('the entry carries no hash', { id: 'no-hash' });
    if (row.prev_hash !== prev) {
      return row.seq !== prevSeq + 1
        ? broken(`the entry before it is missing (expected #${prevSeq + 1}, previous hash does not match)`, { id: 'missing-before', expected: prevSeq + 1 })
        : broken('its previous-entry hash does not match the entry before it', { id: 'prev-mismatch' });
    }
    if (auditEntryHash(row, prev) !== row.hash) return broken('its content does not match its hash (changed after it was written)', { id: 'content-changed' });
    prev = row.hash;
    prevSeq = row.seq;
  }
  if (counter !== undefined && counter > prevSeq) {
    return { ok: false, entries: rows.length, seq: prevSeq + 1, at: rows.at(-1)?.at ?? '-', reason: `entries #${prevSeq + 1}..#${counter} were removed from the end of the trail`,
      why: { id: 'tail-removed', from: prevSeq + 1, to: counter } };
  }
  const last = rows.at(-1);
  return { ok: true, entries: rows.length, ...(last ? { last: { seq: last.seq, at: last.at, hash: last.hash! } } : {}) };
}

/** Walks the whole SQLite trail in seq order and returns the first entry whose chain does not hold. */
export function verifyAuditChain(db: Db): AuditChainResult {
  const rows = db.prepare('SELECT * FROM audit ORDER BY seq').all() as ChainedAuditRow[];
  // SQLite's AUTOINCREMENT counter remembers a removed tail.
  const counter = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'audit'`).get() as { seq: number } | undefined;
  return verifyAuditRows(rows, counter?.seq);
}

/** Prefix of a `detail` column that holds an audit note as JSON (older rows hold plain English text). */
const NOTE_PREFIX = '{"note":';

/** The row fields of a new entry with sequence number `seq`: its note as JSON in `detail`, else its
 * plain text. The chain hashes `detail` as stored. */
export function auditRowOf(e: AuditEntry, seq: number): AuditRowFields {
  return {
    seq, kind: e.kind, request_id: e.requestId, cluster_id: e.clusterId, at: e.at,
    actor_id: e.actor?.id ?? null, actor_name: e.actor?.name ?? null, report_hash: e.reportHash ?? null,
    etag: e.eTag ?? null, operation: e.operation ?? null, detail: e.note ? JSON.stringify({ note: e.note }) : (e.detail ?? null),
  };
}

/** The note in a `detail` column, or undefined for plain (older) text. */
function storedNote(detail: string): AuditNote | undefined {
  if (!detail.startsWith(NOTE_PREFIX)) return undefined;
  try {
    const parsed = JSON.parse(detail) as { note?: AuditNote };
    return parsed.note && typeof parsed.note === 'object' && typeof parsed.note.id === 'string' ? parsed.note : undefined;
  } catch {
    return undefined;
  }
}

/** The entry a stored row holds (absent columns: absent fields). */
export function auditEntryOf(r: AuditRowFields): StoredAuditEntry {
  const e: StoredAuditEntry = { seq: r.seq, kind: r.kind as AuditEntry['kind'], requestId: r.request_id, clusterId: r.cluster_id, at: r.at };
  if (r.actor_id !== null) e.actor = { id: r.actor_id, name: r.actor_name ?? '' };
  if (r.report_hash !== null) e.reportHash = r.report_hash;
  if (r.etag !== null) e.eTag = r.etag;
  if (r.operation !== null) e.operation = r.operation;
  if (r.detail !== null) {
    const note = storedNote(r.detail);
    if (note) e.note = note;
    else e.detail = r.detail;
  }
  return e;
}
