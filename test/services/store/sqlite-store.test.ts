import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../../services/approval/types.ts';
import { openStore, migrate, MIGRATIONS, verifyStoreAudit } from '../../../services/store/index.ts';
import type { OperationRecord, Store } from '../../../services/store/index.ts';

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

function request(id: string, over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id, version: 1, state: 'pending',
    cluster: { id: CLUSTER, subscriptionId: 's1', resourceGroup: 'rg-demo', name: 'aks-legacy' },
    target: 'overlay', podCidr: '192.168.0.0/16',
    plan: { azCommand: 'az aks update', networkProfile: { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' } },
    requester: { id: 'u-req', name: 'Requester' },
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-01-01T04:00:00.000Z',
    report: { verdict: 'ready', hash: 'h1', blockers: [], warnings: ['simultaneous-reimage'] },
    eTag: 'e1', dryRun: false, ...over,
  };
}

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

describe('conversations', () => {
  it('remembers, subscribes and unsubscribes', () => {
    const { store } = fresh();
    const c = store.conversations;
    c.remember({ conversationId: '19:chan@thread.tacv2', channelId: 'msteams', serviceUrl: 'https://smba/',
      tenantId: 't1', conversationType: 'channel', isChannel: true, reference: { a: 1 }, updatedAt: '2026-01-01T00:00:00Z' });
    c.remember({ conversationId: 'a:personal', channelId: 'msteams', serviceUrl: 'https://smba/', isChannel: false,
      reference: { b: 2 }, updatedAt: '2026-01-01T00:00:00Z' });
    expect(c.get('a:personal')).toMatchObject({ isChannel: false, reference: { b: 2 }, tenantId: undefined });
    expect(c.listSubscribed()).toEqual([]);
    c.subscribe('19:chan@thread.tacv2');
    // remembering again keeps the subscription and replaces the reference
    c.remember({ conversationId: '19:chan@thread.tacv2', channelId: 'msteams', serviceUrl: 'https://smba2/',
      isChannel: true, reference: { a: 2 }, updatedAt: '2026-01-02T00:00:00Z' });
    expect(c.listSubscribed().map((x) => [x.conversationId, x.serviceUrl, x.reference])).toEqual([
      ['19:chan@thread.tacv2', 'https://smba2/', { a: 2 }]]);
    expect(c.unsubscribe('19:chan@thread.tacv2')).toBe(true);
    expect(c.unsubscribe('19:chan@thread.tacv2')).toBe(false);
    expect(c.listSubscribed()).toEqual([]);
    expect(() => c.subscribe('unknown')).toThrow();
    expect(c.get('unknown')).toBeUndefined();
  });
});

describe('requests', () => {
  it('updates only with the expected version', () => {
    const { store } = fresh();
    store.requests.insert(request('r1'));
    expect(store.requests.update('r1', 1, { state: 'approved' })).toBe(true);
    expect(store.requests.update('r1', 1, { state: 'rejected' })).toBe(false);
    expect(store.requests.get('r1')).toMatchObject({ state: 'approved', version: 2 });
    expect(store.requests.update('nope', 1, { state: 'approved' })).toBe(false);
    expect(() => store.requests.insert(request('r1'))).toThrow();
  });

  it('lists by cluster case-insensitively and by state', () => {
    const { store } = fresh();
    store.requests.insert(request('r1'));
    store.requests.insert(request('r2', { state: 'rejected', createdAt: '2026-01-02T00:00:00.000Z' }));
    expect(store.requests.listByCluster(CLUSTER.toUpperCase()).map((r) => r.id)).toEqual(['r2', 'r1']);
    expect(store.requests.listByState(['pending']).map((r) => r.id)).toEqual(['r1']);
    expect(store.requests.listByState([])).toEqual([]);
  });

  it('survives reopen with pending requests intact', () => {
    const { dir, store } = fresh();
    const r = request('r1', { thread: { conversation: { id: 'c1' } } });
    store.requests.insert(r);
    store.locks.acquire({ clusterId: CLUSTER, requestId: 'r1', holder: r.requester, acquiredAt: r.createdAt });
    store.close();
    const again = openStore(dir);
    stores.push(again);
    expect(again.requests.get('r1')).toEqual(r);
    expect(again.requests.listByState(['pending']).map((x) => x.id)).toEqual(['r1']);
    expect(again.locks.get(CLUSTER)?.requestId).toBe('r1');
  });
});

describe('locks', () => {
  it('allows one holder per cluster and names it', () => {
    const { store } = fresh();
    const a = { clusterId: CLUSTER, requestId: 'r1', holder: { id: 'u1', name: 'Ann' }, acquiredAt: 't' };
    expect(store.locks.acquire(a)).toEqual({ ok: true });
    const second = store.locks.acquire({ ...a, clusterId: CLUSTER.toLowerCase(), requestId: 'r2' });
    expect(second).toEqual({ ok: false, holder: a });
    expect(store.locks.release(CLUSTER, 'r2')).toBe(false);
    expect(store.locks.release(CLUSTER, 'r1')).toBe(true);
    expect(store.locks.get(CLUSTER)).toBeUndefined();
    expect(store.locks.acquire({ ...a, requestId: 'r2' })).toEqual({ ok: true });
  });
});

describe('audit', () => {
  it('appends in order and refuses updates and deletes', () => {
    const { dir, store } = fresh();
    store.audit.append({ kind: 'requested', requestId: 'r1', clusterId: CLUSTER, at: 't1', actor: { id: 'u', name: 'U' },
      reportHash: 'h', eTag: 'e1' });
    store.audit.append({ kind: 'started', requestId: 'r1', clusterId: CLUSTER, at: 't2', operation: 'https://op' });
    store.audit.append({ kind: 'requested', requestId: 'r9', clusterId: '/other', at: 't3' });
    const list = store.audit.listByCluster(CLUSTER.toLowerCase());
    expect(list.map((e) => [e.seq, e.kind])).toEqual([[1, 'requested'], [2, 'started']]);
    expect(list[0]).toMatchObject({ actor: { id: 'u', name: 'U' }, reportHash: 'h', eTag: 'e1' });
    expect(store.audit.listByRequest('r1')[1].operation).toBe('https://op');
    store.close();
    const db = new Database(join(dir, 'netpilot.db'));
    expect(() => db.prepare("UPDATE audit SET kind = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
    db.close();
  });
});

describe('operations and milestones', () => {
  const op: OperationRecord = {
    id: 'op1', requestId: 'r1', clusterId: CLUSTER, subscriptionId: 's1', resourceGroup: 'rg-demo', clusterName: 'aks-legacy',
    target: 'overlay', asyncOperationUrl: 'https://arm/op', startedAt: '2026-01-01T00:00:00.000Z',
    before: { networkPlugin: 'azure' }, change: { networkPluginMode: 'overlay' }, status: 'running', dryRun: false,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  it('records, lists running and updates operations', () => {
    const { store } = fresh();
    store.operations.insert(op);
    expect(store.operations.listRunning().map((o) => o.id)).toEqual(['op1']);
    expect(store.operations.byRequest('r1')?.asyncOperationUrl).toBe('https://arm/op');
    store.operations.update('op1', { status: 'succeeded', watcherState: { announced: ['a'] } });
    expect(store.operations.listRunning()).toEqual([]);
    expect(store.operations.get('op1')).toMatchObject({ status: 'succeeded', watcherState: { announced: ['a'] } });
    expect(store.operations.listByCluster(CLUSTER).length).toBe(1);
    expect(() => store.operations.update('nope', { status: 'failed' })).toThrow();
  });

  it('claims a milestone once and keeps activity ids', () => {
    const { store } = fresh();
    const m = store.milestones;
    expect(m.claim('op1', 'pool:a', { n: 1 })).toBe(true);
    expect(m.claim('op1', 'pool:a')).toBe(false);
    expect(m.get('op1', 'pool:a')).toMatchObject({ state: 'claimed', data: { n: 1 } });
    m.markDone('op1', 'pool:a', 'act-1');
    expect(m.get('op1', 'pool:a')).toMatchObject({ state: 'done', activityId: 'act-1' });
    m.setActivityId('op1', 'card', 'act-2');
    m.setActivityId('op1', 'card', 'act-3');
    expect(m.list('op1').map((x) => [x.key, x.activityId])).toEqual([['pool:a', 'act-1'], ['card', 'act-3']]);
  });
});

describe('user settings', () => {
  it('sets, replaces, reads back after reopening, and clears a per-user setting', () => {
    const { dir, store } = fresh();
    expect(store.settings.get('aad-1', 'language')).toBeUndefined();
    store.settings.set('aad-1', 'language', 'ja');
    store.settings.set('aad-1', 'language', 'en');
    store.settings.set('aad-2', 'language', 'ja');
    store.close();
    const again = openStore(dir);
    expect(again.settings.get('aad-1', 'language')).toBe('en');
    expect(again.settings.get('aad-2', 'language')).toBe('ja');
    expect(again.settings.clear('aad-1', 'language')).toBe(true);
    expect(again.settings.clear('aad-1', 'language')).toBe(false);
    expect(again.settings.get('aad-1', 'language')).toBeUndefined();
    again.close();
  });
});

describe('audit notes', () => {
  it('stores a note as an id with parameters, reads it back, keeps older plain details, and the chain verifies', () => {
    const { dir, store } = fresh();
    const base = { requestId: 'r1', clusterId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c', at: '2026-01-01T00:00:00.000Z' };
    store.audit.append({ ...base, kind: 'requested', detail: 'overlay pod cidr 10.0.0.0/16' });
    store.audit.append({ ...base, kind: 'finished', note: { id: 'finished', status: 'failed', code: 'UpgradeFailed', message: 'Drain failed' } });
    const rows = store.audit.listByRequest('r1');
    expect(rows[0]).toMatchObject({ detail: 'overlay pod cidr 10.0.0.0/16' });
    expect(rows[0].note).toBeUndefined();
    expect(rows[1].note).toEqual({ id: 'finished', status: 'failed', code: 'UpgradeFailed', message: 'Drain failed' });
    expect(rows[1].detail).toBeUndefined();
    store.close();
    expect(verifyStoreAudit(dir)).toMatchObject({ kind: 'checked', ok: true, entries: 2 });
  });
});
