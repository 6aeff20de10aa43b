// Which reads one poll makes (issue 13, P4: ARM reads per migration hour): the operation status
// through the SDK's poller resumed from the saved state, the nodes every poll, and the cluster only
// when it can tell something new (poll-reading.ts). Also the trust rule on every URL the poller
// asks for: a moved operation URL is followed only on the ARM endpoint, across a restart too.
import { afterEach, describe, expect, it } from 'vitest';
import { clusterReadReason, type ClusterView } from '../../../services/migration/poll-reading.ts';
import { ProgressWatcher } from '../../../services/migration/watcher.ts';
import { clock, cleanup, fakeClient, node, notifier, OVERLAY_NP, pollerStateFor, setup, type Call, type Fake } from './watcher-fakes.ts';

afterEach(cleanup);

const RUNNING = { status: 200, body: { status: 'InProgress' } };
const view: ClusterView = { provisioningState: 'Updating', pools: [], networkProfile: {}, finishedPools: '', poll: 3 };
const quiet = { view, lroStatus: 'InProgress', nodesRead: true, finishedPools: '', polls: 5, refreshPolls: 10 };

describe('clusterReadReason', () => {
  it('keeps the last view while the status runs unchanged, the nodes are read and no pool finished', () => {
    expect(clusterReadReason(quiet)).toBeUndefined();
  });
  it('reads the cluster for each reason', () => {
    expect(clusterReadReason({ ...quiet, view: undefined })).toBe('first');
    expect(clusterReadReason({ ...quiet, lroStatus: undefined })).toBe('no-operation-status');
    expect(clusterReadReason({ ...quiet, lroStatus: 'Succeeded' })).toBe('status-ended');
    expect(clusterReadReason({ ...quiet, lroStatus: 'Failed' })).toBe('status-ended');
    expect(clusterReadReason({ ...quiet, lroStatus: 'Canceled' })).toBe('status-ended');
    expect(clusterReadReason({ ...quiet, nodesRead: false })).toBe('nodes-unreadable');
    expect(clusterReadReason({ ...quiet, finishedPools: 'a' })).toBe('pool-finished');
    expect(clusterReadReason({ ...quiet, polls: 13 })).toBe('refresh');
    expect(clusterReadReason({ ...quiet, polls: 12 })).toBeUndefined();
  });
});

describe('ProgressWatcher reads', () => {
  it('reads the operation and the nodes every poll, the cluster only on the first poll, when a pool finished, on refresh and at the end', async () => {
    const { store } = setup();
    const f: Fake = { lro: [RUNNING], lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Updating', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 2, provisioningState: 'Updating' }, { name: 'b', count: 1, provisioningState: 'Updating' }] } };
    let nodes = [node('a1', 'a', { cordoned: true }), node('a2', 'a'), node('b1', 'b')];
    let nodeReads = 0;
    const calls: Call[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier(calls), clock,
      readNodes: async () => { nodeReads++; return nodes; }, clusterRefreshPolls: 4 });
    await w.pollOnce('op1');
    expect([f.lroCalls, nodeReads, f.clusterCalls]).toEqual([1, 1, 1]);
    nodes = [node('a1', 'a', { overlay: true }), node('a2', 'a', { cordoned: true }), node('b1', 'b')]; // nodes moved, no pool finished
    await w.pollOnce('op1');
    expect([f.lroCalls, nodeReads, f.clusterCalls]).toEqual([2, 2, 1]);
    nodes = [node('a1', 'a', { overlay: true }), node('a2', 'a', { overlay: true }), node('b1', 'b')]; // pool a finished
    await w.pollOnce('op1');
    expect(f.clusterCalls).toBe(2);
    expect(calls.filter((c) => c[0] === 'poolFinished')).toEqual([['poolFinished', 'a', 'op1:pool:a']]);
    await w.pollOnce('op1');
    await w.pollOnce('op1');
    await w.pollOnce('op1');
    expect(f.clusterCalls).toBe(2);
    await w.pollOnce('op1'); // 4 polls after the last read
    expect([f.lroCalls, nodeReads, f.clusterCalls]).toEqual([7, 7, 3]);
    f.lro = [{ status: 200, body: { status: 'Succeeded' } }];
    f.cluster = { provisioningState: 'Succeeded', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 2, provisioningState: 'Succeeded' }, { name: 'b', count: 1, provisioningState: 'Succeeded' }] };
    expect(await w.pollOnce('op1')).toEqual({ done: true, waitMs: 0 });
    expect(f.clusterCalls).toBe(4); // the end is confirmed on a fresh read
    expect(store.operations.get('op1')).toMatchObject({ status: 'succeeded', outcome: { verified: true } });
  });

  it('reads the cluster every poll while the nodes are unreadable (ARM pool states are then the only progress)', async () => {
    const { store } = setup();
    const f: Fake = { lro: [RUNNING], lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Updating', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 1, provisioningState: 'Updating' }] } };
    let readable = false;
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier([]), clock,
      readNodes: async () => { if (!readable) throw new Error('forbidden'); return [node('a1', 'a', { cordoned: true })]; } });
    for (let i = 0; i < 3; i++) await w.pollOnce('op1');
    expect(f.clusterCalls).toBe(3);
    readable = true;
    await w.pollOnce('op1');
    await w.pollOnce('op1');
    expect(f.clusterCalls).toBe(3);
    readable = false;
    await w.pollOnce('op1');
    expect(f.clusterCalls).toBe(4);
  });

  it('follows a moved operation URL on the ARM endpoint, and a new watcher resumes from there', async () => {
    const { store } = setup();
    const moved = 'https://arm.example/operations/2';
    const f: Fake = { lro: [{ ...RUNNING, headers: { 'azure-asyncoperation': moved } }, RUNNING], lroCalls: 0, clusterCalls: 0, urls: [],
      cluster: { provisioningState: 'Updating', networkProfile: OVERLAY_NP, pools: [] } };
    const make = () => new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier([]), clock });
    await make().pollOnce('op1');
    await make().pollOnce('op1');
    expect(f.urls).toEqual(['https://arm.example/operations/1', moved]);
    expect(JSON.parse((store.operations.get('op1')!.watcherState as { pollerState: string }).pollerState)).toMatchObject({ state: { config: { operationLocation: moved } } });
  });

  it('never sends the ARM token to an operation URL off the ARM endpoint: saved, moved or named by the status body', async () => {
    const cases: { pollerState: string; lro: Fake['lro']; asked: string[] }[] = [
      { pollerState: pollerStateFor('https://evil.example/operations/1'), lro: [RUNNING], asked: [] },
      { pollerState: pollerStateFor('https://arm.example/operations/1'), lro: [{ ...RUNNING, headers: { 'azure-asyncoperation': 'https://evil.example/op' } }],
        asked: ['https://arm.example/operations/1'] },
      { pollerState: pollerStateFor('https://arm.example/operations/1'), lro: [{ status: 200, body: { status: 'Succeeded', resourceLocation: 'https://evil.example/c1' } }],
        asked: ['https://arm.example/operations/1'] },
    ];
    for (const c of cases) {
      cleanup();
      const { store } = setup({ pollerState: c.pollerState });
      const f: Fake = { lro: c.lro, lroCalls: 0, clusterCalls: 0, urls: [],
        cluster: { provisioningState: 'Updating', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 1, provisioningState: 'Updating' }] } };
      const errors: string[] = [];
      const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier([]), clock,
        readNodes: async () => [node('a1', 'a', { cordoned: true })], onError: (_e, ctx) => errors.push(ctx.stage) });
      for (let i = 0; i < 3; i++) await w.pollOnce('op1');
      expect(f.urls).toEqual(c.asked);
      expect(errors.filter((e) => e === 'lro-origin')).toHaveLength(1);
      expect((store.operations.get('op1')!.watcherState as { operationUrlDropped?: string }).operationUrlDropped).toMatch(/^refused: .*evil\.example/);
      expect(store.operations.get('op1')!.lastProgress).toMatchObject({ fromCluster: true });
    }
  });

  it('an operation recorded without a poller state (an older store) is finished from the cluster', async () => {
    const { store } = setup({ pollerState: undefined });
    const f: Fake = { lro: [RUNNING], lroCalls: 0, clusterCalls: 0,
      cluster: { provisioningState: 'Succeeded', networkProfile: OVERLAY_NP, pools: [{ name: 'a', count: 1, provisioningState: 'Succeeded' }] } };
    const calls: Call[] = [];
    const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', containerService: () => fakeClient(f), notifier: notifier(calls), clock,
      readNodes: async () => [node('a1', 'a', { overlay: true })] });
    expect(await w.pollOnce('op1')).toEqual({ done: true, waitMs: 0 });
    expect(f.lroCalls).toBe(0);
    expect((store.operations.get('op1')!.watcherState as { operationUrlDropped?: string }).operationUrlDropped).toBe('no poller state was recorded');
    expect(calls.filter((c) => c[0] === 'finished')).toEqual([['finished', 'succeeded', 'op1:finished', undefined]]);
  });
});
