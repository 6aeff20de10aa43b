// Watcher logic with fakes: milestones across restarts, notifier failures, backoff on 429/5xx with
// Retry-After, the ARM fallback when Kubernetes is unreadable, and the pure progress helpers.
// The fakes: watcher-fakes.ts; which reads a poll makes: watcher-reads.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { friendlyError, pdbNamed } from '../../../services/migration/friendly-errors.ts';
import { computePools, overallPercent, profileShowsTarget } from '../../../services/migration/progress.ts';
import { ProgressWatcher } from '../../../services/migration/watcher.ts';
import { CLUSTER_ID, clock, cleanup, fakeClient, node, notifier, OVERLAY_NP, setup, type Call, type Fake } from './watcher-fakes.ts';

afterEach(cleanup);

describe('ProgressWatcher.pollOnce', () => {
  it('emits started once, pool milestones once, and finished once; records terminal states', async () => {
    const { store } = setup();
    const f: Fake = { lro: [{ status: 200, body: { status: 'InProgress' } }], lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Updating', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 2, provisioningState: 'Updating' }, { name: 'b', count: 1, provisioningState: 'Updating' }] } };
    let nodes = [node('a1', 'a', { overlay: true }), node('a2', 'a', { cordoned: true }), node('b1', 'b')];
    const calls: Call[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier(calls), clock,
      readNodes: async () => nodes, pollSeconds: 7 });
    expect(await w.pollOnce('op1')).toEqual({ done: false, waitMs: 7000 });
    expect(calls).toEqual([['started', 'op1:started'], ['progress', 33, true]]);
    nodes = [node('a1', 'a', { overlay: true }), node('a2', 'a', { overlay: true }), node('b1', 'b', { ready: false })];
    await w.pollOnce('op1');
    await w.pollOnce('op1');
    expect(calls.filter((c) => c[0] === 'poolFinished')).toEqual([['poolFinished', 'a', 'op1:pool:a']]);
    f.lro = [{ status: 200, body: { status: 'Succeeded' } }];
    f.cluster = { provisioningState: 'Succeeded', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 2, provisioningState: 'Succeeded' }, { name: 'b', count: 1, provisioningState: 'Succeeded' }] };
    nodes = nodes.map((n) => ({ ...n, ready: true, labels: { ...n.labels, 'kubernetes.azure.com/azure-cni-overlay': 'true' } }));
    expect(await w.pollOnce('op1')).toEqual({ done: true, waitMs: 0 });
    expect(calls.filter((c) => c[0] !== 'progress')).toEqual([
      ['started', 'op1:started'], ['poolFinished', 'a', 'op1:pool:a'], ['poolFinished', 'b', 'op1:pool:b'],
      ['finished', 'succeeded', 'op1:finished', undefined]]);
    expect(store.operations.get('op1')).toMatchObject({ status: 'succeeded', after: OVERLAY_NP, outcome: { verified: true } });
    expect(store.requests.get('r1')).toMatchObject({ state: 'succeeded' });
    expect(store.locks.get(CLUSTER_ID)).toBeUndefined();
    // once ended, nothing more happens
    expect(await w.pollOnce('op1')).toEqual({ done: true, waitMs: 0 });
    expect(calls.filter((c) => c[0] === 'finished').length).toBe(1);
  });

  it('re-delivers a claimed-but-undelivered milestone after a restart and skips delivered ones', async () => {
    const { store } = setup();
    store.milestones.claim('op1', 'started');
    store.milestones.markDone('op1', 'started');
    store.milestones.claim('op1', 'pool:a'); // the previous process died inside the notifier call
    // the new process starts after that claim (a restart never happens within the same millisecond)
    const claimedAt = Date.parse(store.milestones.get('op1', 'pool:a')!.at);
    await expect.poll(() => Date.now()).toBeGreaterThan(claimedAt);
    const f: Fake = { lro: [{ status: 200, body: { status: 'InProgress' } }], lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Updating', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 1, provisioningState: 'Updating' }] } };
    const calls: Call[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier(calls), clock,
      readNodes: async () => [node('a1', 'a', { overlay: true })] });
    await w.pollOnce('op1');
    await w.pollOnce('op1');
    expect(calls.filter((c) => c[0] !== 'progress')).toEqual([['poolFinished', 'a', 'op1:pool:a']]);
    expect(store.milestones.get('op1', 'pool:a')?.state).toBe('done');
  });

  it('retries a failing notifier on the next poll, then gives up so the operation still ends', async () => {
    const { store } = setup();
    const f: Fake = { lro: [{ status: 200, body: { status: 'Failed', error: { code: 'UpgradeFailed',
      message: 'Drain node x failed: PodDisruptionBudget payments/ledger-db allows 0 disruptions' } } }], lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Failed', networkProfile: { networkPlugin: 'azure' }, pools: [{ name: 'a', count: 1, provisioningState: 'Failed' }] } };
    const calls: Call[] = [];
    const errors: string[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), clock, notifyAttempts: 3,
      notifier: notifier(calls, { kind: 'finished', times: 5 }), onError: (_e, c) => errors.push(c.stage) });
    expect((await w.pollOnce('op1')).done).toBe(false);
    expect((await w.pollOnce('op1')).done).toBe(false);
    expect((await w.pollOnce('op1')).done).toBe(true);
    expect(errors.filter((e) => e === 'notify:finished').length).toBe(3);
    expect(store.requests.get('r1')).toMatchObject({ state: 'failed', outcome: { code: 'UpgradeFailed' } });
    expect(store.operations.get('op1')?.outcome).toMatchObject({ error: { pdb: 'payments/ledger-db' } });
  });

  it('backs off on 429/5xx, honouring Retry-After', async () => {
    const { store } = setup();
    const f: Fake = { lro: [{ status: 429, retryAfter: '45' }, { status: 503 }, { status: 503 }, { status: 200, body: { status: 'InProgress' }, retryAfter: '20' }],
      lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Updating', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 1, provisioningState: 'Updating' }] } };
    const calls: Call[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier(calls), clock,
      readNodes: async () => [], pollSeconds: 5, maxBackoffSeconds: 60 });
    expect(await w.pollOnce('op1')).toEqual({ done: false, waitMs: 45_000 }); // Retry-After beats 10 s backoff
    expect(await w.pollOnce('op1')).toEqual({ done: false, waitMs: 20_000 }); // 5 s * 2^2
    expect(await w.pollOnce('op1')).toEqual({ done: false, waitMs: 40_000 }); // 5 s * 2^3
    expect(await w.pollOnce('op1')).toEqual({ done: false, waitMs: 20_000 }); // ok again: Retry-After 20 > poll 5
    expect(await w.pollOnce('op1')).toEqual({ done: false, waitMs: 20_000 });
    expect(calls.filter((c) => c[0] === 'progress').length).toBe(2);
    const state = store.operations.get('op1')!.watcherState as { consecutiveFailures: number };
    expect(state.consecutiveFailures).toBe(0);
  });

  it('falls back to ARM signals when Kubernetes cannot be read, and says so', async () => {
    const { store } = setup();
    const f: Fake = { lro: [{ status: 200, body: { status: 'InProgress' } }], lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Updating', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 2, provisioningState: 'Updating' }, { name: 'b', count: 2, provisioningState: 'Updating' }] } };
    const calls: Call[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier(calls), clock,
      readNodes: async () => { throw Object.assign(new Error('forbidden'), { statusCode: 403 }); } });
    await w.pollOnce('op1');
    f.cluster = { provisioningState: 'Updating', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 2, provisioningState: 'Succeeded' }, { name: 'b', count: 2, provisioningState: 'Updating' }] };
    await w.pollOnce('op1');
    expect(calls.filter((c) => c[0] !== 'started')).toEqual([['progress', 0, false], ['progress', 50, false], ['poolFinished', 'a', 'op1:pool:a']]);
    expect((store.operations.get('op1')!.lastProgress as { kubernetesError?: string }).kubernetesError).toBe('forbidden');
  });

  it('Succeeded without the target in the networkProfile is a failure', async () => {
    const { store } = setup();
    const f: Fake = { lro: [{ status: 200, body: { status: 'Succeeded' } }], lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Succeeded', networkProfile: { networkPlugin: 'azure' }, pools: [] } };
    const calls: Call[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier(calls), clock });
    await w.pollOnce('op1');
    expect(calls.at(-1)).toEqual(['finished', 'failed', 'op1:finished', 'TargetNotReached']);
  });

  it('operation URL gone (404) and the cluster unreadable: one final message with an unknown outcome after the limit', async () => {
    const { store } = setup();
    const f: Fake = { lro: [{ status: 404, body: { error: { code: 'NotFound', message: 'gone' } } }], lroCalls: 0, clusterCalls: 0,
      cluster: Object.assign(new Error('service unavailable'), { statusCode: 503 }) };
    const calls: Call[] = [];
    const errors: string[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier(calls), clock,
      unknownAfterPolls: 4, maxBackoffSeconds: 1, onError: (_e, c) => errors.push(c.stage) });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await w.pollOnce('op1'));
    expect(results.map((r) => r.done)).toEqual([false, false, false, true, true, true]);
    expect(f.lroCalls).toBe(1); // a 404 is not asked again
    expect(errors.filter((e) => e === 'lro-gone')).toHaveLength(1);
    const finished = calls.filter((c) => c[0] === 'finished');
    expect(finished).toEqual([['finished', 'unknown', 'op1:finished', 'OutcomeUnknown']]);
    expect(store.requests.get('r1')).toMatchObject({ state: 'unknown', outcome: { status: 'unknown', code: 'OutcomeUnknown' } });
    expect(store.operations.get('op1')?.status).toBe('unknown');
    expect(store.locks.get(CLUSTER_ID)).toBeUndefined();
  });

  it('repeated failures of the operation URL: falls back to the cluster and ends from its provisioning state', async () => {
    const { store } = setup();
    const f: Fake = { lro: [{ status: 503 }], lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Updating', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 1, provisioningState: 'Updating' }] } };
    const calls: Call[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier(calls), clock,
      operationFailureLimit: 3, readNodes: async () => [node('a1', 'a', { ready: false, cordoned: true })] });
    for (let i = 0; i < 3; i++) await w.pollOnce('op1');
    expect(f.lroCalls).toBe(3);
    expect(calls.filter((c) => c[0] === 'progress')).toEqual([['progress', 0, true]]); // the third poll read the cluster
    f.cluster = { provisioningState: 'Succeeded', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 1, provisioningState: 'Succeeded' }] };
    const done = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier(calls), clock,
      readNodes: async () => [node('a1', 'a', { overlay: true })] });
    expect(await done.pollOnce('op1')).toEqual({ done: true, waitMs: 0 });
    expect(f.lroCalls).toBe(3); // never asked again after the fallback, even by a new watcher
    expect(calls.filter((c) => c[0] === 'finished')).toEqual([['finished', 'succeeded', 'op1:finished', undefined]]);
  });

  it('the cluster ended but its nodes do not confirm the target: unknown after the limit, not succeeded', async () => {
    const { store } = setup({ asyncOperationUrl: null, pollerState: undefined });
    const f: Fake = { lro: [{ status: 200 }], lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Succeeded', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 2, provisioningState: 'Succeeded' }] } };
    const calls: Call[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier(calls), clock,
      unknownAfterPolls: 3, readNodes: async () => [node('a1', 'a', { overlay: true }), node('a2', 'a')] });
    for (let i = 0; i < 3; i++) await w.pollOnce('op1');
    expect(f.lroCalls).toBe(0);
    expect(calls.filter((c) => c[0] === 'finished')).toEqual([['finished', 'unknown', 'op1:finished', 'OutcomeUnknown']]);
  });

  it('resumeAll watches every running operation and stop() ends the loops', async () => {
    const { store } = setup();
    const f: Fake = { lro: [{ status: 200, body: { status: 'InProgress' } }], lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Updating', networkProfile: OVERLAY_NP, pools: [] } };
    const sleeps: number[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier([]), clock, pollSeconds: 3,
      sleep: async (ms) => { sleeps.push(ms); await new Promise((r) => setTimeout(r, 1)); } });
    expect(w.resumeAll()).toEqual(['op1']);
    w.watch('op1');
    expect(w.watching()).toEqual(['op1']);
    await expect.poll(() => sleeps.length).toBeGreaterThanOrEqual(3);
    await w.stop();
    expect(w.watching()).toEqual([]);
    expect(sleeps.every((ms) => ms === 3000)).toBe(true);
    expect(store.operations.get('op1')?.status).toBe('running');
  });
});

describe('progress helpers', () => {
  it('computePools counts reimaged (labels AND Ready), draining and not ready', () => {
    const pools = computePools('overlay', [{ name: 'a', count: 3, provisioningState: 'Updating' }],
      [node('1', 'a', { overlay: true }), node('2', 'a', { overlay: true, ready: false }), node('3', 'a', { cordoned: true }), node('x', 'b', { overlay: true })], []);
    expect(pools).toEqual([{ name: 'a', total: 3, reimaged: 1, draining: 1, notReady: 1, provisioningState: 'Updating', percent: 33,
      finished: false, source: 'kubernetes' }]);
    expect(overallPercent(pools)).toBe(33);
    const cilium = computePools('cilium', [{ name: 'a', count: 1 }], [node('1', 'a', { overlay: true })], []);
    expect(cilium[0].reimaged).toBe(0);
    expect(overallPercent([])).toBe(0);
  });
  it('profileShowsTarget', () => {
    expect(profileShowsTarget(OVERLAY_NP, 'overlay')).toBe(true);
    expect(profileShowsTarget({ networkPlugin: 'kubenet', networkPluginMode: 'overlay' }, 'overlay')).toBe(false);
    expect(profileShowsTarget({ networkDataplane: 'cilium' }, 'cilium')).toBe(true);
    expect(profileShowsTarget(undefined, 'cilium')).toBe(false);
  });
  it('friendlyError maps known errors', () => {
    expect(pdbNamed('PodDisruptionBudget kube-system/coredns-pdb allows 0')).toBe('kube-system/coredns-pdb');
    expect(pdbNamed('PDB payments/ledger-db blocks eviction')).toBe('payments/ledger-db');
    expect(pdbNamed('nothing here')).toBeUndefined();
    expect(friendlyError({ code: 'PreconditionFailed', message: 'x' }).messageId).toBe('error.precondition');
    expect(friendlyError({ code: 'OperationNotAllowed', message: 'in progress' }).messageId).toBe('error.busy');
    expect(friendlyError({ code: 'Throttled', message: 'x' }).messageId).toBe('error.throttled');
    expect(friendlyError({ code: 'UpgradeFailed', message: 'drain failed', details: [{ code: 'PodDrainFailure', message: 'PDB a/b blocks eviction' }] }))
      .toMatchObject({ pdb: 'a/b' });
    expect(friendlyError({ code: 'Weird', message: 'odd' })).toEqual({ code: 'Weird', message: 'odd', messageId: 'error.unknown', params: { code: 'Weird', message: 'odd' } });
    expect(friendlyError(undefined).code).toBe('Unknown');
  });
});
