// Contract, part 3: the progress watcher on each store. Two watchers on two store instances polling the
// same operation deliver every milestone exactly once (never twice in a row), and a watcher started
// after a crash re-delivers a claimed-but-undelivered milestone (at least once) and skips delivered ones.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { createHttpHeaders } from '@azure/core-rest-pipeline';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeNode } from '../../../../services/cluster/types.ts';
import type { ProgressNotifier } from '../../../../services/migration/types.ts';
import { ProgressWatcher } from '../../../../services/migration/watcher.ts';
import type { Store } from '../../../../services/store/index.ts';
import { closeOpened, type StoreHarness } from './harness.ts';
import { CLUSTER, operation, request } from './fixtures.ts';

const OVERLAY_NP = { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' };

/** ARM as the watcher sees it: the operation status URL and the cluster (one pool `a`). */
function arm(state: { done: boolean }): ContainerServiceClient {
  const client = {
    pipeline: {
      sendRequest: async () => ({ status: 200, headers: createHttpHeaders({}), request: {},
        bodyAsText: JSON.stringify({ status: state.done ? 'Succeeded' : 'InProgress' }) }),
    },
    managedClusters: {
      get: async () => ({ provisioningState: state.done ? 'Succeeded' : 'Updating', networkProfile: OVERLAY_NP,
        agentPoolProfiles: [{ name: 'a', count: 2, provisioningState: state.done ? 'Succeeded' : 'Updating' }] }),
    },
  };
  return client as unknown as ContainerServiceClient; // a fake ARM: only the members the watcher uses
}

const node = (name: string, overlay: boolean): KubeNode => ({ name, pool: 'a', ready: true, unschedulable: false,
  labels: { 'kubernetes.azure.com/agentpool': 'a', ...(overlay ? { 'kubernetes.azure.com/azure-cni-overlay': 'true' } : {}) } });

/** Records every milestone message sent, whoever sent it; each send yields, so two watchers interleave. */
function recorder(sent: string[], who: string): ProgressNotifier {
  const send = async (what: string) => { await new Promise((r) => setTimeout(r, 2)); sent.push(`${what} by ${who}`); };
  return {
    started: (_op, key) => send(key),
    progress: async () => undefined,
    poolFinished: (_op, _pool, key) => send(key),
    stalled: (_op, _stall, key) => send(key),
    finished: (_op, _o, key) => send(key),
  };
}

function running(store: Store): void {
  store.requests.insert(request('r1', { state: 'running', version: 3, operationId: 'op1', thread: { conversationId: 'conv' } }));
  store.locks.acquire({ clusterId: CLUSTER, requestId: 'r1', holder: { id: 'u', name: 'U' }, acquiredAt: 't' });
  store.operations.insert(operation('op1', 'r1', { asyncOperationUrl: 'https://arm.example/operations/1' }));
}

export function watchersContract(h: StoreHarness): void {
  describe(`store contract (${h.name}): progress watchers`, () => {
    afterEach(() => closeOpened());
    const clock = { now: () => new Date('2026-01-01T00:10:00.000Z') };

    it('two watchers on two instances polling one operation: every milestone once, one final message', async () => {
      const f = await h.fresh();
      const [sa, sb] = [await f.open(), await f.open()];
      running(sa);
      const state = { done: false };
      let nodes = [node('a1', false), node('a2', false)];
      const sent: string[] = [];
      const watcher = (store: Store, who: string) => new ProgressWatcher({ store, armEndpoint: 'https://arm.example', clock, pollSeconds: 1,
        containerService: () => arm(state), readNodes: async () => nodes, notifier: recorder(sent, who) });
      const [a, b] = [watcher(sa, 'A'), watcher(sb, 'B')];
      const both = () => Promise.all([a.pollOnce('op1'), b.pollOnce('op1')]);
      await both();
      nodes = [node('a1', true), node('a2', true)];
      await both();
      state.done = true;
      for (let i = 0; i < 3; i++) await both();
      const keys = sent.map((s) => s.split(' by ')[0]);
      expect(keys.sort()).toEqual(['op1:finished', 'op1:pool:a', 'op1:started']);
      expect(sb.requests.get('r1')?.state).toBe('succeeded');
      expect(sa.operations.get('op1')?.status).toBe('succeeded');
      expect(sa.locks.get(CLUSTER)).toBeUndefined();
    });

    it('after a crash a new instance re-delivers the claimed-but-undelivered milestone and skips delivered ones', async () => {
      const f = await h.fresh();
      const crashed = await f.open();
      running(crashed);
      crashed.milestones.claim('op1', 'started');
      crashed.milestones.markDone('op1', 'started', 'act-1');
      crashed.milestones.claim('op1', 'pool:a'); // the process died inside the notifier call
      crashed.close();
      await new Promise((r) => setTimeout(r, 5)); // the new process starts after the claim
      const store = await f.open();
      const sent: string[] = [];
      const w = new ProgressWatcher({ store, armEndpoint: 'https://arm.example', clock, containerService: () => arm({ done: false }),
        readNodes: async () => [node('a1', true), node('a2', true)], notifier: recorder(sent, 'B') });
      await w.pollOnce('op1');
      await w.pollOnce('op1');
      expect(sent).toEqual(['op1:pool:a by B']);
      expect(store.milestones.get('op1', 'pool:a')?.state).toBe('done');
      expect(store.milestones.get('op1', 'started')).toMatchObject({ state: 'done', activityId: 'act-1' });
    });
  });
}
