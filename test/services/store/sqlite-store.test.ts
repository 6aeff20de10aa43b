// SQLite-only behaviour of the embedded store (WAL, migrations, SQL triggers). What every store
// implementation guarantees is proven by the contract suite in ./contract/ for SQLite and Azure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, migrate, MIGRATIONS } from '../../../services/store/index.ts';
import type { Store } from '../../../services/store/index.ts';

const CLUSTER = '/subscriptions/s1/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy';
const dirs: string[] = [];
const stores: Store[] = [];
function fresh(): { dir: string; store: Store } {
  const dir = mkdtempSync(join(tmpdir(), 'np-store-'));
  dirs.push(dir);
  const store = openStore(dir);
  stores.push(store);
  return { dir, store };
}
afterEach(() => {
  for (const s of stores.splice(0)) { try { s.close(); } catch { /* already closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openStore', () => {
  it('creates netpilot.db in WAL mode with every migration applied', () => {
    const { dir, store } = fresh();
    expect(store.schemaVersion).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    store.close();
    const db = new Database(join(dir, 'netpilot.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const versions = (db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[])
      .map((r) => r.version);
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  });

  it('migrates only missing steps, fills a gap later, and rejects steps out of order', () => {
    const db = new Database(':memory:');
    const last = MIGRATIONS[MIGRATIONS.length - 1].version;
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toBe(1);
    expect(migrate(db)).toBe(last);
    expect(migrate(db)).toBe(last);
    const gap = new Database(':memory:');
    const step = (version: number) => ({ version, description: `step ${version}`, sql: `CREATE TABLE t${version} (x INTEGER)` });
    expect(migrate(gap, [step(1), step(3)])).toBe(3);
    expect(migrate(gap, [step(1), step(2), step(3)])).toBe(3);
    expect((gap.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[]).map((r) => r.version)).toEqual([1, 2, 3]);
    expect(gap.prepare("SELECT name FROM sqlite_master WHERE name = 't2'").get()).toBeTruthy();
    expect(() => migrate(new Database(':memory:'), [step(2), step(1)])).toThrow(/out of order/);
  });
});

describe('audit (SQLite only)', () => {
  it('refuses updates and deletes through SQL (triggers)', () => {
    const { dir, store } = fresh();
    store.audit.append({ kind: 'requested', requestId: 'r1', clusterId: CLUSTER, at: 't1', actor: { id: 'u', name: 'U' },
      reportHash: 'h', eTag: 'e1' });
    store.close();
    const db = new Database(join(dir, 'netpilot.db'));
    expect(() => db.prepare("UPDATE audit SET kind = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    db.close();
  });
});

