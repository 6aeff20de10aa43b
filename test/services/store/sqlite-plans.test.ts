// PlanStore on SQLite: insert/get, optimistic update (one winner), per-cluster and open listings,
// and that plans survive closing and reopening the store (migration 6).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openStore } from '../../../services/store/index.ts';
import type { PlanRecord, Store } from '../../../services/store/index.ts';

const CLUSTER = '/subscriptions/s1/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-kubenet';
const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) { try { s.close(); } catch { /* closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function open(dir?: string): { dir: string; store: Store } {
  const d = dir ?? mkdtempSync(join(tmpdir(), 'np-plans-'));
  if (!dir) dirs.push(d);
  const store = openStore(d);
  stores.push(store);
  return { dir: d, store };
}
function plan(id: string, over: Partial<PlanRecord> = {}): PlanRecord {
  return {
    id, version: 1, cluster: { id: CLUSTER, subscriptionId: 's1', resourceGroup: 'rg-demo', name: 'aks-kubenet' },
    goal: 'cilium', requester: { id: '29:u', name: 'U', aadObjectId: 'a1' },
    steps: [{ target: 'overlay' }, { target: 'cilium' }], state: 'open', thread: { conversationId: 'c1', locale: 'en' },
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...over,
  };
}

describe('PlanStore (SQLite)', () => {
  it('is schema migration 6', () => {
    expect(MIGRATIONS.find((m) => m.version === 6)?.description).toMatch(/plans/);
    expect(open().store.schemaVersion).toBeGreaterThanOrEqual(6);
  });

  it('stores and reads a plan; a duplicate id throws', () => {
    const { store } = open();
    store.plans.insert(plan('p1'));
    expect(store.plans.get('p1')).toEqual(plan('p1'));
    expect(store.plans.get('nope')).toBeUndefined();
    expect(() => store.plans.insert(plan('p1'))).toThrow();
  });

  it('updates only at the expected version (one winner) and bumps it', () => {
    const { store } = open();
    store.plans.insert(plan('p1'));
    const steps = [{ target: 'overlay' as const }, { target: 'cilium' as const, offeredAt: '2026-01-01T01:00:00.000Z' }];
    expect(store.plans.update('p1', 1, { steps })).toBe(true);
    expect(store.plans.update('p1', 1, { state: 'done' })).toBe(false);
    const now = store.plans.get('p1')!;
    expect(now.version).toBe(2);
    expect(now.steps[1].offeredAt).toBe('2026-01-01T01:00:00.000Z');
    expect(now.state).toBe('open');
    expect(store.plans.update('missing', 1, { state: 'done' })).toBe(false);
  });

  it('lists a cluster newest first (case-insensitive id) and the open plans oldest first', () => {
    const { store } = open();
    store.plans.insert(plan('old', { createdAt: '2026-01-01T00:00:00.000Z' }));
    store.plans.insert(plan('new', { createdAt: '2026-01-02T00:00:00.000Z' }));
    store.plans.insert(plan('other', { cluster: { id: `${CLUSTER}-2`, subscriptionId: 's1', resourceGroup: 'rg-demo', name: 'aks-kubenet-2' } }));
    expect(store.plans.listByCluster(CLUSTER.toUpperCase()).map((p) => p.id)).toEqual(['new', 'old']);
    expect(store.plans.update('old', 1, { state: 'replaced' })).toBe(true);
    expect(store.plans.listOpen().map((p) => p.id)).toEqual(['other', 'new']);
  });

  it('keeps plans across a restart of the store', () => {
    const first = open();
    first.store.plans.insert(plan('p1'));
    first.store.close();
    const again = open(first.dir);
    expect(again.store.plans.get('p1')?.steps.map((s) => s.target)).toEqual(['overlay', 'cilium']);
  });
});
