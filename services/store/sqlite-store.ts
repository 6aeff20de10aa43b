// The embedded store: better-sqlite3 in `dataDir/netpilot.db` (WAL), schema migrated on open.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ApprovalRequest, AuditEntry, RequestState } from '../approval/types.ts';
import {
  auditEntryHash, auditEntryOf, auditRowOf, lastAuditHash, nextAuditSeq, verifyAuditChain, type AuditChainResult, type AuditRowFields,
} from './audit-chain.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';
import { sqliteDigestStore } from './sqlite-digest-store.ts';
import { planStore } from './sqlite-plans.ts';
import { scheduleStore } from './sqlite-schedules.ts';
import type {
  AuditStore, ConversationStore, LockHolder, LockStore, Milestone, MilestoneStore, OperationRecord, OperationStore,
  RequestStore, Store, StoredAuditEntry, StoredConversation, UserSettingsStore,
} from './types.ts';

type Db = Database.Database;
type Row = Record<string, unknown>;

/** File name of the database inside the data directory. */
export const DATABASE_FILE = 'netpilot.db';

const key = (clusterId: string): string => clusterId.replace(/\/+$/, '').toLowerCase();
const nowIso = (): string => new Date().toISOString();
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Brings the schema up to the last migration; returns the resulting version. */
export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  // Steps are numbered in order; a number may be missing while its step is on another branch
  // (versions are handed out per feature). Every step not yet applied runs, in array order, so a
  // database that has 8 still gets 6 and 7 once they exist.
  migrations.forEach((m, i) => {
    if (i > 0 && m.version <= migrations[i - 1].version) throw new Error(`schema migration ${m.version} out of order after ${migrations[i - 1].version}`);
  });
  const run = db.transaction(() => {
    const applied = new Set((db.prepare('SELECT version FROM schema_version').all() as { version: number }[]).map((r) => r.version));
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      m.run?.(db);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(m.version);
      applied.add(m.version);
    }
    return Math.max(0, ...applied);
  });
  return run.immediate();
}

function conversationStore(db: Db): ConversationStore {
  const toConv = (r: Row): StoredConversation => ({
    conversationId: r.conversation_id as string,
    channelId: r.channel_id as string,
    serviceUrl: r.service_url as string,
    tenantId: str(r.tenant_id),
    conversationType: str(r.conversation_type),
    isChannel: r.is_channel === 1,
    reference: JSON.parse(r.reference as string) as Record<string, unknown>,
    updatedAt: r.updated_at as string,
  });
  const upsert = db.prepare(`INSERT INTO conversations
      (conversation_id, channel_id, service_url, tenant_id, conversation_type, is_channel, reference, updated_at)
    VALUES (@conversationId, @channelId, @serviceUrl, @tenantId, @conversationType, @isChannel, @reference, @updatedAt)
    ON CONFLICT(conversation_id) DO UPDATE SET channel_id = excluded.channel_id, service_url = excluded.service_url,
      tenant_id = excluded.tenant_id, conversation_type = excluded.conversation_type, is_channel = excluded.is_channel,
      reference = excluded.reference, updated_at = excluded.updated_at`);
  const getOne = db.prepare('SELECT * FROM conversations WHERE conversation_id = ?');
  const setSub = db.prepare('UPDATE conversations SET subscribed = ? WHERE conversation_id = ? AND subscribed <> ?');
  const listSub = db.prepare('SELECT * FROM conversations WHERE subscribed = 1 ORDER BY conversation_id');
  return {
    remember(ref) {
      upsert.run({
        conversationId: ref.conversationId, channelId: ref.channelId, serviceUrl: ref.serviceUrl,
        tenantId: ref.tenantId ?? null, conversationType: ref.conversationType ?? null,
        isChannel: ref.isChannel ? 1 : 0, reference: JSON.stringify(ref.reference), updatedAt: ref.updatedAt,
      });
    },
    get(conversationId) {
      const r = getOne.get(conversationId) as Row | undefined;
      return r ? toConv(r) : undefined;
    },
    subscribe(conversationId) {
      if (!getOne.get(conversationId)) throw new Error(`conversation ${conversationId} is not remembered`);
      setSub.run(1, conversationId, 1);
    },
    unsubscribe(conversationId) {
      return setSub.run(0, conversationId, 0).changes > 0;
    },
    listSubscribed() {
      return (listSub.all() as Row[]).map(toConv);
    },
  };
}

function settingsStore(db: Db): UserSettingsStore {
  const getOne = db.prepare('SELECT value FROM user_settings WHERE user_key = ? AND name = ?');
  const upsert = db.prepare(`INSERT INTO user_settings (user_key, name, value, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(user_key, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  const del = db.prepare('DELETE FROM user_settings WHERE user_key = ? AND name = ?');
  return {
    get(userKey, name) {
      const r = getOne.get(userKey, name) as { value: string } | undefined;
      return r?.value;
    },
    set(userKey, name, value) {
      upsert.run(userKey, name, value, nowIso());
    },
    clear(userKey, name) {
      return del.run(userKey, name).changes > 0;
    },
  };
}

function requestStore(db: Db): RequestStore {
  const parse = (r: Row): ApprovalRequest =>
    ({ ...(JSON.parse(r.data as string) as ApprovalRequest), version: r.version as number });
  const ins = db.prepare(`INSERT INTO requests (id, cluster_id, state, version, created_at, updated_at, expires_at, data)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const getOne = db.prepare('SELECT * FROM requests WHERE id = ?');
  const upd = db.prepare(`UPDATE requests SET state = ?, version = version + 1, updated_at = ?, expires_at = ?, data = ?
    WHERE id = ? AND version = ?`);
  const byCluster = db.prepare('SELECT * FROM requests WHERE cluster_id = ? ORDER BY created_at DESC, rowid DESC');
  return {
    insert(req) {
      ins.run(req.id, key(req.cluster.id), req.state, req.version, req.createdAt, req.updatedAt, req.expiresAt,
        JSON.stringify(req));
    },
    get(id) {
      const r = getOne.get(id) as Row | undefined;
      return r ? parse(r) : undefined;
    },
    update(id, expectedVersion, patch) {
      return db.transaction(() => {
        const r = getOne.get(id) as Row | undefined;
        if (!r || r.version !== expectedVersion) return false;
        const next: ApprovalRequest = { ...parse(r), ...patch, id, version: expectedVersion + 1 };
        return upd.run(next.state, next.updatedAt, next.expiresAt, JSON.stringify(next), id, expectedVersion).changes === 1;
      }).immediate(); // write lock first: two processes reading then upgrading would get SQLITE_BUSY
    },
    listByCluster(clusterId) {
      return (byCluster.all(key(clusterId)) as Row[]).map(parse);
    },
    listByState(states) {
      if (states.length === 0) return [];
      const rows = db.prepare(`SELECT * FROM requests WHERE state IN (${states.map(() => '?').join(',')})
        ORDER BY created_at, rowid`).all(...(states as RequestState[])) as Row[];
      return rows.map(parse);
    },
  };
}

function lockStore(db: Db): LockStore {
  const ins = db.prepare(`INSERT INTO locks (cluster_id, request_id, holder, acquired_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(cluster_id) DO NOTHING`);
  const getOne = db.prepare('SELECT * FROM locks WHERE cluster_id = ?');
  const del = db.prepare('DELETE FROM locks WHERE cluster_id = ? AND request_id = ?');
  const get = (clusterId: string): LockHolder | undefined => {
    const r = getOne.get(key(clusterId)) as Row | undefined;
    if (!r) return undefined;
    const stored = JSON.parse(r.holder as string) as { clusterId: string; holder: LockHolder['holder'] };
    return { clusterId: stored.clusterId, requestId: r.request_id as string, holder: stored.holder,
      acquiredAt: r.acquired_at as string };
  };
  return {
    acquire(lock) {
      const done = ins.run(key(lock.clusterId), lock.requestId,
        JSON.stringify({ clusterId: lock.clusterId, holder: lock.holder }), lock.acquiredAt).changes === 1;
      if (done) return { ok: true };
      return { ok: false, holder: get(lock.clusterId)! };
    },
    get,
    release(clusterId, requestId) {
      return del.run(key(clusterId), requestId).changes === 1;
    },
  };
}

function auditStore(db: Db): AuditStore {
  const ins = db.prepare(`INSERT INTO audit (seq, kind, request_id, cluster_id, at, actor_id, actor_name, report_hash, etag, operation, detail, prev_hash, hash)
    VALUES (@seq, @kind, @request_id, @cluster_id, @at, @actor_id, @actor_name, @report_hash, @etag, @operation, @detail, @prev_hash, @hash)`);
  // Append only, chained: the row's hash covers its fields and the previous row's hash (audit-chain.ts).
  const appendChained = db.transaction((e: AuditEntry): number => {
    const row = auditRowOf(e, nextAuditSeq(db));
    const prev = lastAuditHash(db);
    ins.run({ ...row, prev_hash: prev, hash: auditEntryHash(row, prev) });
    return row.seq;
  });
  const toEntry = (r: Row): StoredAuditEntry => auditEntryOf(r as unknown as AuditRowFields);
  const byCluster = db.prepare('SELECT * FROM audit WHERE lower(cluster_id) = ? ORDER BY seq');
  const byRequest = db.prepare('SELECT * FROM audit WHERE request_id = ? ORDER BY seq');
  return {
    append(e) {
      return { ...e, seq: appendChained.immediate(e) };
    },
    listByCluster(clusterId) {
      return (byCluster.all(key(clusterId)) as Row[]).map(toEntry);
    },
    listByRequest(requestId) {
      return (byRequest.all(requestId) as Row[]).map(toEntry);
    },
  };
}

function operationStore(db: Db): OperationStore {
  const parse = (r: Row): OperationRecord => JSON.parse(r.data as string) as OperationRecord;
  const ins = db.prepare(`INSERT INTO operations (id, request_id, cluster_id, status, started_at, updated_at, data)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const getOne = db.prepare('SELECT * FROM operations WHERE id = ?');
  const byReq = db.prepare('SELECT * FROM operations WHERE request_id = ?');
  const running = db.prepare(`SELECT * FROM operations WHERE status = 'running' ORDER BY started_at, rowid`);
  const byCluster = db.prepare('SELECT * FROM operations WHERE cluster_id = ? ORDER BY started_at DESC, rowid DESC');
  const upd = db.prepare('UPDATE operations SET status = ?, updated_at = ?, data = ? WHERE id = ?');
  return {
    insert(op) {
      ins.run(op.id, op.requestId, key(op.clusterId), op.status, op.startedAt, op.updatedAt, JSON.stringify(op));
    },
    get(id) {
      const r = getOne.get(id) as Row | undefined;
      return r ? parse(r) : undefined;
    },
    byRequest(requestId) {
      const r = byReq.get(requestId) as Row | undefined;
      return r ? parse(r) : undefined;
    },
    listRunning() {
      return (running.all() as Row[]).map(parse);
    },
    listByCluster(clusterId) {
      return (byCluster.all(key(clusterId)) as Row[]).map(parse);
    },
    update(id, patch) {
      db.transaction(() => {
        const r = getOne.get(id) as Row | undefined;
        if (!r) throw new Error(`operation ${id} not found`);
        const next: OperationRecord = { ...parse(r), ...patch, id, updatedAt: patch.updatedAt ?? nowIso() };
        upd.run(next.status, next.updatedAt, JSON.stringify(next), id);
      }).immediate();
    },
  };
}

function milestoneStore(db: Db): MilestoneStore {
  const ins = db.prepare(`INSERT INTO milestones (operation_id, key, state, data, at) VALUES (?, ?, 'claimed', ?, ?)
    ON CONFLICT(operation_id, key) DO NOTHING`);
  const getOne = db.prepare('SELECT * FROM milestones WHERE operation_id = ? AND key = ?');
  const done = db.prepare(`UPDATE milestones SET state = 'done', activity_id = COALESCE(?, activity_id)
    WHERE operation_id = ? AND key = ?`);
  const setAct = db.prepare(`INSERT INTO milestones (operation_id, key, state, activity_id, at) VALUES (?, ?, 'done', ?, ?)
    ON CONFLICT(operation_id, key) DO UPDATE SET activity_id = excluded.activity_id`);
  const list = db.prepare('SELECT * FROM milestones WHERE operation_id = ? ORDER BY rowid');
  const toM = (r: Row): Milestone => {
    const m: Milestone = { operationId: r.operation_id as string, key: r.key as string,
      state: r.state as Milestone['state'], at: r.at as string };
    if (r.activity_id !== null) m.activityId = r.activity_id as string;
    if (r.data !== null) m.data = JSON.parse(r.data as string) as Record<string, unknown>;
    return m;
  };
  return {
    claim(operationId, k, data) {
      return ins.run(operationId, k, data === undefined ? null : JSON.stringify(data), nowIso()).changes === 1;
    },
    get(operationId, k) {
      const r = getOne.get(operationId, k) as Row | undefined;
      return r ? toM(r) : undefined;
    },
    markDone(operationId, k, activityId) {
      done.run(activityId ?? null, operationId, k);
    },
    setActivityId(operationId, k, activityId) {
      setAct.run(operationId, k, activityId, nowIso());
    },
    list(operationId) {
      return (list.all(operationId) as Row[]).map(toM);
    },
  };
}

/** Mode of the data directory: only the owner may list, read or write it. */
export const DATA_DIR_MODE = 0o700;
/** Mode of the store's files (database, -wal, -shm). */
export const STORE_FILE_MODE = 0o600;

/** Where `openStore` reports what it changed (a pino logger fits); default `process.emitWarning`. */
export interface StoreLog { warn(obj: object, msg?: string): void }

/** Options of `openStore`. */
export interface OpenStoreOptions { logger?: StoreLog }

const defaultLog: StoreLog = {
  warn: (obj, msg) => process.emitWarning(`${msg ?? 'store'} ${JSON.stringify(obj)}`, 'NetPilotStoreWarning'),
};

/** Creates `dataDir` 0700, or tightens an existing one that others may read (with a warning). */
export function secureDataDir(dataDir: string, log: StoreLog = defaultLog): void {
  mkdirSync(dataDir, { recursive: true, mode: DATA_DIR_MODE });
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    chmodSync(dataDir, DATA_DIR_MODE);
    log.warn({ dataDir, was: mode.toString(8), now: DATA_DIR_MODE.toString(8) }, 'data directory was readable by others; tightened to 0700');
  }
}

function tightenFile(path: string, log: StoreLog): void {
  if (!existsSync(path)) return;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  chmodSync(path, STORE_FILE_MODE);
  log.warn({ file: path, was: mode.toString(8), now: STORE_FILE_MODE.toString(8) }, 'store file was readable by others; tightened to 0600');
}

/** Opens (creating if needed) `dataDir/netpilot.db` in WAL mode and migrates its schema. The directory
 * is kept 0700 and the database files 0600 (SQLite gives -wal/-shm the database file's mode). */
export function openStore(dataDir: string, options: OpenStoreOptions = {}): Store {
  const log = options.logger ?? defaultLog;
  secureDataDir(dataDir, log);
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) closeSync(openSync(file, 'a', STORE_FILE_MODE));
  tightenFile(file, log);
  for (const suffix of ['-wal', '-shm', '-journal']) tightenFile(`${file}${suffix}`, log);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const schemaVersion = migrate(db);
  for (const suffix of ['-wal', '-shm']) tightenFile(`${file}${suffix}`, log);
  return {
    conversations: conversationStore(db),
    requests: requestStore(db),
    locks: lockStore(db),
    schedules: scheduleStore(db),
    audit: auditStore(db),
    operations: operationStore(db),
    milestones: milestoneStore(db),
    settings: settingsStore(db),
    digests: sqliteDigestStore(db),
    plans: planStore(db),
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    schemaVersion,
    close: () => db.close(),
  };
}

/** What `verifyStoreAudit` found: no store, a store without a chain yet, or the chain check's result. */
export type StoreAuditCheck =
  | { kind: 'no-store'; file: string }
  | { kind: 'unchained'; file: string; schemaVersion: number }
  | ({ kind: 'checked'; file: string } & AuditChainResult);

/** Checks the audit hash chain of the store in `dataDir` without changing anything (read-only). */
export function verifyStoreAudit(dataDir: string): StoreAuditCheck {
  const file = join(dataDir, DATABASE_FILE);
  if (!existsSync(file)) return { kind: 'no-store', file };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasVersions = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).get();
    const version = hasVersions ? ((db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0) : 0;
    const chained = (db.prepare(`SELECT COUNT(*) AS n FROM pragma_table_info('audit') WHERE name = 'hash'`).get() as { n: number }).n > 0;
    if (!chained) return { kind: 'unchained', file, schemaVersion: version };
    return { kind: 'checked', file, ...verifyAuditChain(db) };
  } finally {
    db.close();
  }
}
