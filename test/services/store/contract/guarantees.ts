// Contract, part 2: the guarantees several instances rely on, the same for every implementation:
// one winner among concurrent writes (so exactly one PUT), milestones claimed once, stale locks taken
// over, transactions that leave nothing behind when they throw, and a tamper-evident audit chain.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalService, type PreflightResult } from '../../../../services/approval/service.ts';
import { makePolicy } from '../../../../services/approval/policy.ts';
import type { ApprovalRequest } from '../../../../services/approval/types.ts';
import type { PreflightReport } from '../../../../services/preflight/types.ts';
import type { Store } from '../../../../services/store/index.ts';
import { fakeFinding } from '../../../fakes/finding.ts';
import { closeOpened, type StoreHarness } from './harness.ts';
import { CLUSTER, operation, request } from './fixtures.ts';

const CLUSTER_REF = { id: CLUSTER, subscriptionId: 's1', resourceGroup: 'rg-demo', name: 'aks-legacy' };
const requester = { id: 'u-req', name: 'Req' };
const READY: PreflightReport = {
  target: 'overlay',
  cluster: { name: 'aks-legacy', resourceGroup: 'rg-demo', mode: 'node-subnet', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.30.4' },
  podCidr: '192.168.0.0/16', verdict: 'ready', findings: [fakeFinding('simultaneous-reimage', 'warning')], passed: [], notApplicable: [],
  plan: { azCommand: 'az aks update', networkProfile: { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' } },
};

/** One NetPilot instance's approval service on its own store instance; `executed` counts the PUTs it would send. */
function instance(store: Store, now: () => Date, executed: ApprovalRequest[], prefix: string) {
  let n = 0;
  return new ApprovalService({
    store, policy: makePolicy({ demoMode: true }), clock: { now }, newId: () => `${prefix}${++n}`,
    preflight: async (): Promise<PreflightResult> => { await new Promise((r) => setTimeout(r, 5)); return { report: READY, eTag: 'e1' }; },
    executor: { execute: async (r) => { executed.push(r); } },
  });
}

export function guaranteesContract(h: StoreHarness): void {
  describe(`store contract (${h.name}): guarantees across instances`, () => {
    beforeAll(() => h.setup());
    afterAll(() => h.teardown());
    afterEach(() => closeOpened());

    it('two instances writing the same request version: exactly one wins, the loser changes nothing', async () => {
      const f = await h.fresh();
      const [a, b] = [await f.open(), await f.open()];
      a.requests.insert(request('r1'));
      const seenA = a.requests.get('r1')!;
      const seenB = b.requests.get('r1')!;
      const results = [a.requests.update('r1', seenA.version, { state: 'approved', updatedAt: '2026-01-01T00:01:00.000Z' }),
        b.requests.update('r1', seenB.version, { state: 'rejected' })];
      expect(results).toEqual([true, false]);
      expect(b.requests.get('r1')).toMatchObject({ state: 'approved', version: 2, updatedAt: '2026-01-01T00:01:00.000Z' });
    });

    it('approval clicks arriving on two instances at once: one approval, exactly one PUT', async () => {
      const f = await h.fresh();
      const [sa, sb] = [await f.open(), await f.open()];
      const now = () => new Date('2026-01-01T00:00:00.000Z');
      const executed: ApprovalRequest[] = [];
      const [a, b] = [instance(sa, now, executed, 'a'), instance(sb, now, executed, 'b')];
      expect(await a.createRequest({ cluster: CLUSTER_REF, target: 'overlay', podCidr: '192.168.0.0/16', requester })).toMatchObject({ ok: true });
      const inputs = { confirm: 'aks-legacy', ack: 'true' };
      const clicks = await Promise.all([
        a.approve('a1', { id: 'ann', name: 'Ann' }, inputs), b.approve('a1', { id: 'bob', name: 'Bob' }, inputs),
        b.approve('a1', { id: 'cy', name: 'Cy' }, inputs), a.approve('a1', { id: 'di', name: 'Di' }, inputs),
      ]);
      await Promise.all([a.drain(), b.drain()]);
      expect(clicks.filter((c) => c.ok)).toHaveLength(1);
      expect(executed.map((r) => r.id)).toEqual(['a1']);
      expect(sb.audit.listByRequest('a1').filter((e) => e.kind === 'approved')).toHaveLength(1);
      expect((await f.verifyAudit()).ok).toBe(true);
    });

    it('locks: of two instances taking one cluster, one holds it; an expired request\'s lock is taken over by another instance', async () => {
      const f = await h.fresh();
      const [sa, sb] = [await f.open(), await f.open()];
      const lock = (requestId: string) => ({ clusterId: CLUSTER, requestId, holder: requester, acquiredAt: 't' });
      expect([sa.locks.acquire(lock('x1')).ok, sb.locks.acquire(lock('x2')).ok]).toEqual([true, false]);
      expect(sa.locks.release(CLUSTER, 'x1')).toBe(true);
      let clock = new Date('2026-01-01T00:00:00.000Z');
      const executed: ApprovalRequest[] = [];
      const a = instance(sa, () => clock, executed, 'a');
      const b = instance(sb, () => clock, executed, 'b');
      expect(await a.createRequest({ cluster: CLUSTER_REF, target: 'overlay', podCidr: '192.168.0.0/16', requester })).toMatchObject({ ok: true });
      expect(await b.createRequest({ cluster: CLUSTER_REF, target: 'overlay', podCidr: '192.168.0.0/16', requester }))
        .toMatchObject({ ok: false, reason: 'locked', holder: { requestId: 'a1' } });
      clock = new Date('2026-01-01T05:00:00.000Z'); // past the 4 h approval TTL
      const taken = await b.createRequest({ cluster: CLUSTER_REF, target: 'overlay', podCidr: '192.168.0.0/16', requester });
      expect(taken).toMatchObject({ ok: true, request: { state: 'pending' } });
      expect(sa.locks.get(CLUSTER)?.requestId).toBe(taken.ok ? taken.request.id : 'none');
      expect(sa.requests.get('a1')?.state).toBe('expired');
    });

    it('milestones: of two watchers claiming the same milestone exactly one sends it; done is never claimable again', async () => {
      const f = await h.fresh();
      const [a, b] = [await f.open(), await f.open()];
      const claims = ['started', 'pool:p1', 'finished'].map((k) => [a.milestones.claim('op1', k), b.milestones.claim('op1', k)]);
      expect(claims.map(([x, y]) => Number(x) + Number(y))).toEqual([1, 1, 1]);
      b.milestones.markDone('op1', 'started', 'act-1');
      expect(a.milestones.get('op1', 'started')).toMatchObject({ state: 'done', activityId: 'act-1' });
      expect(a.milestones.claim('op1', 'started')).toBe(false);
      a.milestones.setActivityId('op1', 'card', 'card-1');
      b.milestones.setActivityId('op1', 'card', 'card-2');
      expect(a.milestones.get('op1', 'card')?.activityId).toBe('card-2');
    });

    it('a transaction that throws leaves nothing behind (operation, request update, lock)', async () => {
      const f = await h.fresh();
      const s = await f.open();
      s.requests.insert(request('r1', { state: 'approved' }));
      expect(() => s.transaction(() => {
        s.operations.insert(operation('op1', 'r1'));
        expect(s.requests.update('r1', 1, { state: 'running' })).toBe(true);
        s.locks.acquire({ clusterId: CLUSTER, requestId: 'r1', holder: requester, acquiredAt: 't' });
        throw new Error('start refused');
      })).toThrow('start refused');
      const other = await f.open();
      expect(other.operations.get('op1')).toBeUndefined();
      expect(other.operations.byRequest('r1')).toBeUndefined();
      expect(other.requests.get('r1')).toMatchObject({ state: 'approved', version: 1 });
      expect(other.locks.get(CLUSTER)).toBeUndefined();
      expect(s.transaction(() => { s.operations.insert(operation('op1', 'r1')); return 'ok'; })).toBe('ok');
      expect(other.operations.listRunning().map((o) => o.id)).toEqual(['op1']);
    });

    it('audit: appends from two instances form one chain; entries, notes and order read back', async () => {
      const f = await h.fresh();
      const [a, b] = [await f.open(), await f.open()];
      const base = { clusterId: CLUSTER, at: '2026-01-01T00:00:00.000Z' };
      expect(a.audit.append({ ...base, kind: 'requested', requestId: 'r1', actor: { id: 'u', name: 'U' }, reportHash: 'h', eTag: 'e1', detail: 'plain' }).seq).toBe(1);
      expect(b.audit.append({ ...base, kind: 'approved', requestId: 'r1', actor: { id: 'v', name: 'V' } }).seq).toBe(2);
      expect(a.audit.append({ ...base, kind: 'started', requestId: 'r1', operation: 'https://op' }).seq).toBe(3);
      b.audit.append({ ...base, kind: 'finished', requestId: 'r1', note: { id: 'finished', status: 'failed', code: 'X', message: 'Drain failed' } });
      a.audit.append({ kind: 'requested', requestId: 'r9', clusterId: '/other', at: 't' });
      const list = b.audit.listByCluster(CLUSTER.toUpperCase());
      expect(list.map((e) => [e.seq, e.kind])).toEqual([[1, 'requested'], [2, 'approved'], [3, 'started'], [4, 'finished']]);
      expect(list[0]).toMatchObject({ actor: { id: 'u', name: 'U' }, reportHash: 'h', eTag: 'e1', detail: 'plain' });
      expect(list[2].operation).toBe('https://op');
      expect(list[3].note).toEqual({ id: 'finished', status: 'failed', code: 'X', message: 'Drain failed' });
      expect(list[3].detail).toBeUndefined();
      expect(a.audit.listByRequest('r9').map((e) => e.seq)).toEqual([5]);
      expect(await f.verifyAudit()).toMatchObject({ ok: true, entries: 5, last: { seq: 5 } });
    });

    it('audit: a changed entry, a deleted entry and a removed tail are each found and named', async () => {
      const fill = async () => {
        const f = await h.fresh();
        const s = await f.open();
        for (let i = 1; i <= 4; i++) s.audit.append({ kind: 'requested', requestId: `r${i}`, clusterId: CLUSTER, at: `2026-01-0${i}T00:00:00.000Z` });
        return f;
      };
      const changed = await fill();
      await changed.tamper.changeKind(2, 'approved');
      expect(await changed.verifyAudit()).toMatchObject({ ok: false, seq: 2, at: '2026-01-02T00:00:00.000Z', why: { id: 'content-changed' } });
      const hole = await fill();
      await hole.tamper.deleteEntry(2);
      expect(await hole.verifyAudit()).toMatchObject({ ok: false, seq: 3, why: { id: 'missing-before', expected: 2 } });
      const tail = await fill();
      await tail.tamper.deleteEntry(4);
      await tail.tamper.deleteEntry(3);
      expect(await tail.verifyAudit()).toMatchObject({ ok: false, seq: 3, why: { id: 'tail-removed', from: 3, to: 4 } });
    });
  });
}
