import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DATABASE_FILE, GENESIS_HASH, MIGRATIONS, auditEntryHash, migrate, openStore, verifyAuditChain, verifyStoreAudit,
  type Store, type StoreLog,
} from '../../../services/store/index.ts';

const CLUSTER = '/subscriptions/s1/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy';
const dirs: string[] = [];
const stores: Store[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'np-audit-'));
  dirs.push(dir);
  return dir;
}
function open(dir: string, logger?: StoreLog): Store {
  const s = openStore(dir, logger ? { logger } : {});
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) { try { s.close(); } catch { /* closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fill(store: Store, n: number): void {
  for (let i = 1; i <= n; i++) {
    store.audit.append({ kind: i === 1 ? 'requested' : 'approved', requestId: `r${i}`, clusterId: CLUSTER, at: `2026-01-0${i}T00:00:00.000Z`,
      actor: { id: `u${i}`, name: `User ${i}` }, ...(i === 2 ? { eTag: 'e1', reportHash: 'h' } : {}) });
  }
}

/** Runs raw SQL against the database file as an attacker with file access would (triggers dropped first). */
function tamper(dir: string, sql: string): void {
  const db = new Database(join(dir, DATABASE_FILE));
  db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
  db.exec(sql);
  db.close();
}

describe('audit hash chain', () => {
  it('chains every appended entry to the one before it', () => {
    const dir = tempDir();
    const store = open(dir);
    fill(store, 3);
    const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
    const rows = db.prepare('SELECT seq, prev_hash, hash FROM audit ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string }[];
    db.close();
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0].prev_hash).toBe(GENESIS_HASH);
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows[2].prev_hash).toBe(rows[1].hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(3);
    expect(verifyStoreAudit(dir)).toMatchObject({ kind: 'checked', ok: true, entries: 3, last: { seq: 3 } });
  });

  it('refuses updates, deletes and unchained inserts through SQL', () => {
    const dir = tempDir();
    const store = open(dir);
    fill(store, 2);
    const db = new Database(join(dir, DATABASE_FILE));
    expect(() => db.exec(`UPDATE audit SET actor_id = 'x' WHERE seq = 1`)).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit WHERE seq = 1')).toThrow(/append-only/);
    expect(() => db.exec(`INSERT INTO audit (kind, request_id, cluster_id, at) VALUES ('approved', 'r', 'c', 't')`)).toThrow(/chain hash/);
    db.close();
  });

  it('names the changed entry when one row was edited with raw SQL', () => {
    const dir = tempDir();
    const store = open(dir);
    fill(store, 4);
    store.close();
    tamper(dir, `UPDATE audit SET actor_id = 'attacker' WHERE seq = 2`);
    expect(verifyStoreAudit(dir)).toMatchObject({ kind: 'checked', ok: false, seq: 2, at: '2026-01-02T00:00:00.000Z', reason: expect.stringMatching(/content/) });
  });

  it('names the entry after a deleted row, and a removed tail', () => {
    const dir = tempDir();
    const store = open(dir);
    fill(store, 4);
    store.close();
    tamper(dir, 'DELETE FROM audit WHERE seq = 2');
    expect(verifyStoreAudit(dir)).toMatchObject({ ok: false, seq: 3, reason: expect.stringMatching(/missing/) });
    const tail = tempDir();
    const s2 = open(tail);
    fill(s2, 3);
    s2.close();
    tamper(tail, 'DELETE FROM audit WHERE seq = 3');
    expect(verifyStoreAudit(tail)).toMatchObject({ ok: false, seq: 3, reason: expect.stringMatching(/removed/) });
  });

  it('detects a row whose hash was recomputed without re-chaining the rest', () => {
    const dir = tempDir();
    const store = open(dir);
    fill(store, 3);
    store.close();
    const db = new Database(join(dir, DATABASE_FILE));
    db.exec('DROP TRIGGER audit_no_update');
    const row = db.prepare('SELECT * FROM audit WHERE seq = 2').get() as Parameters<typeof auditEntryHash>[0] & { prev_hash: string };
    const forged = { ...row, detail: 'forged' };
    db.prepare('UPDATE audit SET detail = ?, hash = ? WHERE seq = 2').run('forged', auditEntryHash(forged, row.prev_hash));
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, seq: 3 });
    db.close();
  });

  it('the migration chains the rows a store already had', () => {
    const dir = tempDir();
    const db = new Database(join(dir, DATABASE_FILE));
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
    const ins = db.prepare(`INSERT INTO audit (kind, request_id, cluster_id, at, actor_id) VALUES (?, ?, ?, ?, ?)`);
    ins.run('requested', 'r1', CLUSTER, 't1', 'u1');
    ins.run('approved', 'r1', CLUSTER, 't2', 'u2');
    db.close();
    expect(verifyStoreAudit(dir)).toMatchObject({ kind: 'unchained', schemaVersion: 3 });
    const store = open(dir, { warn: () => undefined });
    store.audit.append({ kind: 'started', requestId: 'r1', clusterId: CLUSTER, at: 't3', operation: 'https://op' });
    expect(store.audit.listByRequest('r1').map((e) => [e.seq, e.kind])).toEqual([[1, 'requested'], [2, 'approved'], [3, 'started']]);
    expect(verifyStoreAudit(dir)).toMatchObject({ kind: 'checked', ok: true, entries: 3 });
  });

  it('an empty trail is intact and no store is reported as such', () => {
    const dir = tempDir();
    open(dir);
    expect(verifyStoreAudit(dir)).toMatchObject({ kind: 'checked', ok: true, entries: 0 });
    expect(verifyStoreAudit(join(dir, 'nope'))).toMatchObject({ kind: 'no-store' });
  });
});

describe('store file modes', () => {
  it('creates the data directory 0700 and the database files 0600', () => {
    const dir = join(tempDir(), 'data');
    const store = open(dir);
    fill(store, 1);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
      expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600);
    }
  });

  it('tightens an existing wider directory and database file, with a warning', () => {
    const dir = join(tempDir(), 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, DATABASE_FILE), '');
    chmodSync(join(dir, DATABASE_FILE), 0o644);
    const warnings: string[] = [];
    open(dir, { warn: (_obj, msg) => warnings.push(msg ?? '') });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, DATABASE_FILE)).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([expect.stringMatching(/directory .*0700/), expect.stringMatching(/file .*0600/)]);
    const quiet: string[] = [];
    stores.splice(0).forEach((s) => s.close());
    open(dir, { warn: (_obj, msg) => quiet.push(msg ?? '') });
    expect(quiet).toEqual([]);
  });
});
