import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalService, type PreflightResult } from '../../../services/approval/service.ts';
import { makePolicy } from '../../../services/approval/policy.ts';
import { hashReport } from '../../../services/approval/apply.ts';
import type { ApprovalRequest } from '../../../services/approval/types.ts';
import type { PreflightReport } from '../../../services/preflight/types.ts';
import { openStore, type Store } from '../../../services/store/index.ts';
import { fakeFinding } from '../../fakes/finding.ts';

const CLUSTER = { id: '/subscriptions/s1/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy',
  subscriptionId: 's1', resourceGroup: 'rg-demo', name: 'aks-legacy' };
const requester = { id: 'u-req', name: 'Req' };
const approver = { id: 'u-app', name: 'App' };
// Demo rules (no APPROVERS: anyone but the requester) unless a test passes its own policy.
const DEMO = makePolicy({ demoMode: true });

function report(verdict: PreflightReport['verdict'], warnings = ['simultaneous-reimage'], blockers: string[] = []): PreflightReport {
  return {
    target: 'overlay',
    cluster: { name: 'aks-legacy', resourceGroup: 'rg-demo', mode: 'node-subnet', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.30.4' },
    podCidr: '192.168.0.0/16', verdict,
    findings: [...warnings.map((check) => fakeFinding(check, 'warning')), ...blockers.map((check) => fakeFinding(check, 'blocker'))],
    passed: [], notApplicable: [],
    plan: verdict === 'ready' || verdict === 'incomplete' ? { azCommand: 'az aks update', networkProfile: { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' } } : null,
  };
}

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) { try { s.close(); } catch { /* closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup(opts: { verdict?: PreflightReport['verdict']; eTag?: string; policy?: ReturnType<typeof makePolicy> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'np-appr-'));
  dirs.push(dir);
  const store = openStore(dir);
  stores.push(store);
  const state = { now: new Date('2026-01-01T00:00:00.000Z'), pre: { report: report(opts.verdict ?? 'ready'), eTag: opts.eTag ?? 'e1' } as PreflightResult,
    preflights: 0, executed: [] as ApprovalRequest[] };
  let n = 0;
  const service = new ApprovalService({
    store, policy: opts.policy ?? DEMO, clock: { now: () => state.now }, newId: () => `r${++n}`,
    // A preflight that takes a moment, so concurrent approvals overlap (the sleep is part of the scenario).
    preflight: async () => { state.preflights++; await new Promise((r) => setTimeout(r, 5)); return state.pre; },
    executor: { execute: async (r) => { state.executed.push(r); } },
  });
  return { dir, store, state, service };
}

describe('ApprovalService.createRequest', () => {
  it('creates a pending request, takes the lock and audits it', async () => {
    const { service, store } = setup();
    const res = await service.createRequest({ cluster: CLUSTER, target: 'overlay', podCidr: '192.168.0.0/16', requester,
      thread: { conversationId: 'c1' } });
    expect(res).toMatchObject({ ok: true, request: { id: 'r1', state: 'pending', eTag: 'e1', thread: { conversationId: 'c1' },
      expiresAt: '2026-01-01T04:00:00.000Z', report: { warnings: ['simultaneous-reimage'], hash: hashReport(report('ready')) } } });
    expect(store.locks.get(CLUSTER.id)?.requestId).toBe('r1');
    expect(store.audit.listByRequest('r1').map((a) => [a.kind, a.actor?.id, a.eTag])).toEqual([['requested', 'u-req', 'e1']]);
  });

  it('refuses blocked and not-needed reports without creating anything', async () => {
    for (const verdict of ['blocked', 'not-needed'] as const) {
      const { service, store } = setup({ verdict });
      const res = await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester });
      expect(res).toMatchObject({ ok: false, reason: verdict === 'blocked' ? 'blocked' : 'not-needed' });
      expect(store.locks.get(CLUSTER.id)).toBeUndefined();
      expect(store.requests.listByCluster(CLUSTER.id)).toEqual([]);
    }
  });

  it('creates a request for an incomplete report (finishing the migration) and approves it with the fresh, still incomplete preflight', async () => {
    const { service, state } = setup({ verdict: 'incomplete' });
    const res = await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester });
    expect(res).toMatchObject({ ok: true, request: { state: 'pending', report: { verdict: 'incomplete' } } });
    const approved = await service.approve('r1', approver, { confirm: 'aks-legacy', ack: 'true' });
    await service.drain();
    expect(approved).toMatchObject({ ok: true, request: { state: 'approved' } });
    expect(state.executed.map((r) => r.plan)).toEqual([report('incomplete').plan]);
  });

  it('refuses a second request on a locked cluster and names the holder', async () => {
    const { service } = setup();
    await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester });
    const res = await service.createRequest({ cluster: { ...CLUSTER, id: CLUSTER.id.toUpperCase() }, target: 'cilium',
      requester: approver });
    expect(res).toMatchObject({ ok: false, reason: 'locked', holder: { requestId: 'r1', holder: requester },
      holderRequest: { id: 'r1', state: 'pending' } });
  });

  it('frees the lock of an expired request on the next request', async () => {
    const { service, state, store } = setup();
    await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester });
    state.now = new Date('2026-01-01T05:00:00.000Z');
    const res = await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester: approver });
    expect(res).toMatchObject({ ok: true, request: { id: 'r2' } });
    expect(store.requests.get('r1')?.state).toBe('expired');
    expect(store.audit.listByRequest('r1').map((a) => a.kind)).toEqual(['requested', 'expired']);
  });

  it('applies REQUESTERS and tenants', async () => {
    const { service } = setup({ policy: makePolicy({ demoMode: true, requesters: ['someone-else'] }) });
    expect(await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester }))
      .toEqual({ ok: false, reason: 'not-requester' });
    const t = setup({ policy: makePolicy({ demoMode: true, tenants: ['t1'] }) });
    expect(await t.service.createRequest({ cluster: CLUSTER, target: 'overlay', requester: { ...requester, tenantId: 't2' } }))
      .toEqual({ ok: false, reason: 'wrong-tenant' });
  });
});

describe('ApprovalService.approve', () => {
  it('approves with a fresh preflight and starts the executor once', async () => {
    const { service, state, store } = setup();
    await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester });
    const before = state.preflights;
    const res = await service.approve('r1', approver, { confirm: 'aks-legacy', ack: 'true' });
    await service.drain();
    expect(res).toMatchObject({ ok: true, request: { state: 'approved', approvedETag: 'e1', version: 2 } });
    expect(state.preflights).toBe(before + 1);
    expect(state.executed.map((r) => r.id)).toEqual(['r1']);
    expect(store.audit.listByRequest('r1').map((a) => a.kind)).toEqual(['requested', 'approved']);
  });

  it('without a policy it fails closed: no APPROVERS, so nobody may approve and nothing runs', async () => {
    const { store } = setup();
    const executed: string[] = [];
    const bare = new ApprovalService({ store, clock: { now: () => new Date('2026-01-01T00:00:00.000Z') }, newId: () => 'b1',
      preflight: async () => ({ report: report('ready'), eTag: 'e1' }), executor: { execute: async (r) => { executed.push(r.id); } } });
    expect(await bare.createRequest({ cluster: CLUSTER, target: 'overlay', requester })).toMatchObject({ ok: true });
    expect(await bare.approve('b1', approver, { confirm: 'aks-legacy', ack: 'true' })).toMatchObject({ ok: false, reason: 'no-approvers' });
    await bare.drain();
    expect(executed).toEqual([]);
    expect(bare.get('b1')?.state).toBe('pending');
  });

  it('50 concurrent approvals: exactly one winner, one preflight, one execution', async () => {
    const { service, state } = setup();
    await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester });
    const before = state.preflights;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      service.approve('r1', { id: `approver-${i}`, name: `A${i}` }, { confirm: 'aks-legacy', ack: 'true' })));
    await service.drain();
    expect(results.filter((r) => r.ok).length).toBe(1);
    expect(new Set(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason))).toEqual(new Set(['already-decided']));
    expect(state.executed.length).toBe(1);
    expect(state.preflights - before).toBe(1);
  });

  it('refuses cheap failures without running the preflight, and a changed cluster after it', async () => {
    const { service, state, store } = setup();
    await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester });
    const before = state.preflights;
    expect(await service.approve('r1', requester, { confirm: 'aks-legacy', ack: 'true' })).toMatchObject({ ok: false, reason: 'self-approval' });
    expect(await service.approve('r1', approver, { confirm: 'nope', ack: 'true' })).toMatchObject({ ok: false, reason: 'wrong-confirm' });
    expect(await service.approve('r1', approver, { confirm: 'aks-legacy' })).toMatchObject({ ok: false, reason: 'missing-ack' });
    expect(state.preflights).toBe(before);
    state.pre = { report: report('ready'), eTag: 'e2' };
    expect(await service.approve('r1', approver, { confirm: 'aks-legacy', ack: 'true' })).toMatchObject({ ok: false, reason: 'cluster-changed' });
    state.pre = { report: report('blocked', [], ['cluster-provisioning-state']), eTag: 'e1' };
    expect(await service.approve('r1', approver, { confirm: 'aks-legacy', ack: 'true' })).toMatchObject({ ok: false, reason: 'new-blocker' });
    expect(store.requests.get('r1')?.state).toBe('pending');
    expect(state.executed).toEqual([]);
    expect(await service.approve('nope', approver, {})).toEqual({ ok: false, reason: 'unknown-request' });
  });

  it('records expiry when an expired request is approved', async () => {
    const { service, state, store } = setup();
    await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester });
    state.now = new Date('2026-01-01T04:00:00.000Z');
    expect(await service.approve('r1', approver, { confirm: 'aks-legacy', ack: 'true' })).toMatchObject({ ok: false, reason: 'expired',
      request: { state: 'expired' } });
    expect(store.locks.get(CLUSTER.id)).toBeUndefined();
    expect(state.executed).toEqual([]);
  });
});

describe('ApprovalService.reject / cancel / history', () => {
  it('reject records who and why, releases the lock; a later approve is already-decided', async () => {
    const { service, store } = setup();
    await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester });
    expect(await service.reject('r1', approver, 'maintenance window')).toMatchObject({ ok: true,
      request: { state: 'rejected', decision: { by: approver, reason: 'maintenance window' } } });
    expect(store.locks.get(CLUSTER.id)).toBeUndefined();
    expect(await service.approve('r1', approver, { confirm: 'aks-legacy', ack: 'true' })).toMatchObject({ ok: false, reason: 'already-decided' });
  });

  it('cancel by the requester; history lists requests and audit', async () => {
    const { service } = setup();
    await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester });
    expect(service.pendingBy(requester).map((r) => r.id)).toEqual(['r1']);
    expect(service.openRequest(CLUSTER.id)?.id).toBe('r1');
    expect(await service.cancel('r1', { id: 'x', name: 'X' }, )).toMatchObject({ ok: true }); // demo: anyone but requester may approve, so may cancel
    const h = service.history(CLUSTER.id.toLowerCase());
    expect(h.requests.map((r) => [r.id, r.state])).toEqual([['r1', 'cancelled']]);
    expect(h.audit.map((a) => a.kind)).toEqual(['requested', 'cancelled']);
    expect(service.openRequest(CLUSTER.id)).toBeUndefined();
  });

  it('pending requests survive a reopen of the store', async () => {
    const { service, dir, store } = setup();
    await service.createRequest({ cluster: CLUSTER, target: 'overlay', requester });
    store.close();
    const again = openStore(dir);
    stores.push(again);
    const s2 = new ApprovalService({ store: again, policy: DEMO, clock: { now: () => new Date('2026-01-01T01:00:00.000Z') },
      preflight: async () => ({ report: report('ready'), eTag: 'e1' }), executor: { execute: async () => undefined } });
    expect(s2.get('r1')).toMatchObject({ state: 'pending', requester });
    expect((await s2.approve('r1', approver, { confirm: 'aks-legacy', ack: true })).ok).toBe(true);
  });
});
