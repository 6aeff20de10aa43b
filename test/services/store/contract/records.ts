// Contract, part 1: what each sub-store keeps and returns, the same for every implementation.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeOpened, type StoreHarness } from './harness.ts';
import { CLUSTER, operation, request } from './fixtures.ts';

export function recordsContract(h: StoreHarness): void {
  describe(`store contract (${h.name}): records`, () => {
    beforeAll(() => h.setup());
    afterAll(() => h.teardown());
    afterEach(() => closeOpened());

    it('conversations: remembers, subscribes, keeps the subscription when remembered again, unsubscribes', async () => {
      const c = (await (await h.fresh()).open()).conversations;
      c.remember({ conversationId: '19:chan@thread.tacv2', channelId: 'msteams', serviceUrl: 'https://smba/',
        tenantId: 't1', conversationType: 'channel', isChannel: true, reference: { a: 1 }, updatedAt: '2026-01-01T00:00:00Z' });
      c.remember({ conversationId: 'a:personal/with?odd#chars', channelId: 'msteams', serviceUrl: 'https://smba/', isChannel: false,
        reference: { b: 2 }, updatedAt: '2026-01-01T00:00:00Z' });
      expect(c.get('a:personal/with?odd#chars')).toMatchObject({ isChannel: false, reference: { b: 2 }, tenantId: undefined });
      expect(c.listSubscribed()).toEqual([]);
      c.subscribe('19:chan@thread.tacv2');
      c.remember({ conversationId: '19:chan@thread.tacv2', channelId: 'msteams', serviceUrl: 'https://smba2/',
        isChannel: true, reference: { a: 2 }, updatedAt: '2026-01-02T00:00:00Z' });
      expect(c.listSubscribed().map((x) => [x.conversationId, x.serviceUrl, x.reference, x.tenantId])).toEqual([
        ['19:chan@thread.tacv2', 'https://smba2/', { a: 2 }, undefined]]);
      expect(c.unsubscribe('19:chan@thread.tacv2')).toBe(true);
      expect(c.unsubscribe('19:chan@thread.tacv2')).toBe(false);
      expect(c.listSubscribed()).toEqual([]);
      expect(() => c.subscribe('unknown')).toThrow();
      expect(c.get('unknown')).toBeUndefined();
    });

    it('requests: updates only at the expected version, lists by cluster (any case) and state, refuses duplicates', async () => {
      const { requests } = await (await h.fresh()).open();
      requests.insert(request('r1'));
      requests.insert(request('r2', { state: 'rejected', createdAt: '2026-01-02T00:00:00.000Z' }));
      expect(requests.update('r1', 1, { state: 'approved' })).toBe(true);
      expect(requests.update('r1', 1, { state: 'rejected' })).toBe(false);
      expect(requests.get('r1')).toMatchObject({ state: 'approved', version: 2 });
      expect(requests.update('nope', 1, { state: 'approved' })).toBe(false);
      expect(() => requests.insert(request('r1'))).toThrow();
      expect(requests.listByCluster(CLUSTER.toUpperCase()).map((r) => r.id)).toEqual(['r2', 'r1']);
      expect(requests.listByState(['approved']).map((r) => r.id)).toEqual(['r1']);
      expect(requests.listByState(['approved', 'rejected']).map((r) => r.id)).toEqual(['r1', 'r2']);
      expect(requests.listByState([])).toEqual([]);
    });

    it('requests: a large request (report and plan over 100 KB) round-trips unchanged', async () => {
      const { requests } = await (await h.fresh()).open();
      const big = request('big', { report: { verdict: 'ready', hash: 'h', blockers: [], warnings: Array.from({ length: 4000 }, (_, i) => `warning-${i}-ユニコード`) } });
      requests.insert(big);
      expect(requests.get('big')).toEqual(big);
    });

    it('locks: one holder per cluster (any case), named to the loser; only the holder releases', async () => {
      const { locks } = await (await h.fresh()).open();
      const a = { clusterId: CLUSTER, requestId: 'r1', holder: { id: 'u1', name: 'Ann' }, acquiredAt: 't' };
      expect(locks.acquire(a)).toEqual({ ok: true });
      expect(locks.acquire({ ...a, clusterId: CLUSTER.toLowerCase(), requestId: 'r2' })).toEqual({ ok: false, holder: a });
      expect(locks.release(CLUSTER, 'r2')).toBe(false);
      expect(locks.release(CLUSTER.toUpperCase(), 'r1')).toBe(true);
      expect(locks.get(CLUSTER)).toBeUndefined();
      expect(locks.release(CLUSTER, 'r1')).toBe(false);
      expect(locks.acquire({ ...a, requestId: 'r2' })).toEqual({ ok: true });
      expect(locks.get(CLUSTER)?.requestId).toBe('r2');
    });

    it('operations: records one per request, lists running and by cluster, merges updates', async () => {
      const { operations } = await (await h.fresh()).open();
      operations.insert(operation('op1', 'r1', { originalNodes: [{ pool: 'p', nodes: Array.from({ length: 3000 }, (_, i) => `aks-p-${i}-vmss000000`) }] }));
      operations.insert(operation('op2', 'r2', { startedAt: '2026-01-02T00:00:00.000Z', clusterId: '/other' }));
      expect(() => operations.insert(operation('op1', 'r9'))).toThrow();
      expect(() => operations.insert(operation('op3', 'r1'))).toThrow();
      expect(operations.listRunning().map((o) => o.id)).toEqual(['op1', 'op2']);
      expect(operations.byRequest('r1')?.originalNodes?.[0].nodes).toHaveLength(3000);
      expect(operations.byRequest('nope')).toBeUndefined();
      operations.update('op1', { status: 'succeeded', watcherState: { announced: ['a'] } });
      expect(operations.listRunning().map((o) => o.id)).toEqual(['op2']);
      expect(operations.get('op1')).toMatchObject({ status: 'succeeded', watcherState: { announced: ['a'] }, asyncOperationUrl: 'https://arm/op' });
      expect(operations.listByCluster(CLUSTER.toUpperCase()).map((o) => o.id)).toEqual(['op1']);
      expect(() => operations.update('nope', { status: 'failed' })).toThrow();
    });

    it('milestones: claimed once, marked done, activity ids kept and replaced, listed in claim order', async () => {
      const { milestones: m } = await (await h.fresh()).open();
      expect(m.claim('op1', 'pool:a', { n: 1 })).toBe(true);
      expect(m.claim('op1', 'pool:a')).toBe(false);
      expect(m.get('op1', 'pool:a')).toMatchObject({ state: 'claimed', data: { n: 1 } });
      m.markDone('op1', 'pool:a', 'act-1');
      expect(m.get('op1', 'pool:a')).toMatchObject({ state: 'done', activityId: 'act-1' });
      m.markDone('op1', 'pool:a');
      expect(m.get('op1', 'pool:a')?.activityId).toBe('act-1');
      m.setActivityId('op1', 'card', 'act-2');
      m.setActivityId('op1', 'card', 'act-3');
      expect(m.claim('op1', 'card')).toBe(false);
      expect(m.list('op1').map((x) => [x.key, x.state, x.activityId])).toEqual([['pool:a', 'done', 'act-1'], ['card', 'done', 'act-3']]);
      expect(m.list('op2')).toEqual([]);
      expect(m.get('op1', 'nope')).toBeUndefined();
    });

    it('settings: set, replace, read back from another instance, clear', async () => {
      const f = await h.fresh();
      const a = await f.open();
      expect(a.settings.get('aad-1', 'language')).toBeUndefined();
      a.settings.set('aad-1', 'language', 'ja');
      a.settings.set('aad-1', 'language', 'en');
      a.settings.set('29:teams/user', 'language', 'ja');
      const b = await f.open();
      expect(b.settings.get('aad-1', 'language')).toBe('en');
      expect(b.settings.get('29:teams/user', 'language')).toBe('ja');
      expect(b.settings.clear('aad-1', 'language')).toBe(true);
      expect(b.settings.clear('aad-1', 'language')).toBe(false);
      expect(a.settings.get('aad-1', 'language')).toBeUndefined();
    });

    it('restart: a new instance on the same data finds pending requests, locks, running operations, milestones and references', async () => {
      const f = await h.fresh();
      const first = await f.open();
      const r = request('r1', { thread: { conversationId: 'c1' } });
      first.requests.insert(r);
      first.locks.acquire({ clusterId: CLUSTER, requestId: 'r1', holder: r.requester, acquiredAt: r.createdAt });
      first.operations.insert(operation('op1', 'r0', { watcherState: { pools: { p: 2 } } }));
      first.milestones.claim('op1', 'started');
      first.milestones.markDone('op1', 'started', 'act-1');
      first.milestones.claim('op1', 'pool:p');
      first.conversations.remember({ conversationId: 'c1', channelId: 'msteams', serviceUrl: 'https://smba/', isChannel: true,
        reference: { conversation: { id: 'c1' } }, updatedAt: 't' });
      first.conversations.subscribe('c1');
      first.close();
      const again = await f.open();
      expect(again.requests.get('r1')).toEqual(r);
      expect(again.requests.listByState(['pending']).map((x) => x.id)).toEqual(['r1']);
      expect(again.locks.get(CLUSTER)?.requestId).toBe('r1');
      expect(again.operations.listRunning().map((o) => [o.id, o.watcherState])).toEqual([['op1', { pools: { p: 2 } }]]);
      // done stays done (never sent again); a claim without done is still visible, so it is resent (at least once)
      expect(again.milestones.list('op1').map((x) => [x.key, x.state])).toEqual([['started', 'done'], ['pool:p', 'claimed']]);
      expect(again.conversations.listSubscribed().map((c) => c.reference)).toEqual([{ conversation: { id: 'c1' } }]);
    });
  });
}
