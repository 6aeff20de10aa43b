// Fakes for the watcher tests: ARM as the watcher sees it (the operation status URL through the
// client's pipeline, and managedClusters.get), a store with one running operation whose poller
// state is what the runner saves after its PUT, and a notifier that records its calls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { createHttpHeaders } from '@azure/core-rest-pipeline';
import type { ApprovalRequest } from '../../../services/approval/types.ts';
import type { KubeNode } from '../../../services/cluster/types.ts';
import type { ProgressNotifier } from '../../../services/migration/types.ts';
import { openStore, type OperationRecord, type Store } from '../../../services/store/index.ts';

export const CLUSTER_ID = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1';
const stores: Store[] = [];
const dirs: string[] = [];
/** Closes the stores and removes the directories `setup` made (call in afterEach). */
export function cleanup(): void {
  for (const s of stores.splice(0)) { try { s.close(); } catch { /* closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface Fake {
  /** Answers of the operation status URL, in turn (the last one repeats); `headers` e.g. a moved Azure-AsyncOperation. */
  lro: { status: number; body?: unknown; retryAfter?: string; headers?: Record<string, string> }[];
  cluster: { provisioningState: string; networkProfile: Record<string, unknown>; pools: { name: string; count: number; provisioningState: string }[] } | Error;
  lroCalls: number;
  clusterCalls: number;
  /** Every URL requested through the pipeline (the operation status), when given. */
  urls?: string[];
}

export function fakeClient(f: Fake): ContainerServiceClient {
  const client = {
    pipeline: {
      sendRequest: async (_http: unknown, req: { url: string }) => {
        f.lroCalls++;
        f.urls?.push(req.url);
        const r = f.lro.length > 1 ? f.lro.shift()! : f.lro[0];
        return { status: r.status, headers: createHttpHeaders({ ...(r.retryAfter ? { 'retry-after': r.retryAfter } : {}), ...(r.headers ?? {}) }),
          bodyAsText: JSON.stringify(r.body ?? {}), request: {} };
      },
    },
    managedClusters: {
      get: async () => {
        f.clusterCalls++;
        if (f.cluster instanceof Error) throw f.cluster;
        return { provisioningState: f.cluster.provisioningState, networkProfile: f.cluster.networkProfile,
          agentPoolProfiles: f.cluster.pools };
      },
    },
  };
  return client as unknown as ContainerServiceClient; // a fake: only the members the watcher uses
}

/** The poller state the runner saves after its PUT (`poller.toString()` of the SDK's poller). */
export function pollerStateFor(url: string): string {
  return JSON.stringify({ state: { status: 'running', config: { metadata: { mode: 'OperationLocation' }, operationLocation: url,
    resourceLocation: `https://arm.example${CLUSTER_ID}?api-version=2026-04-01`, initialRequestUrl: `https://arm.example${CLUSTER_ID}?api-version=2026-04-01`,
    requestMethod: 'PUT' } } });
}

export function setup(over: Partial<OperationRecord> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'np-watch-'));
  dirs.push(dir);
  const store = openStore(dir);
  stores.push(store);
  const at = '2026-01-01T00:00:00.000Z';
  const req: ApprovalRequest = {
    id: 'r1', version: 3, state: 'running', cluster: { id: CLUSTER_ID, subscriptionId: 's1', resourceGroup: 'rg', name: 'c1' },
    target: 'overlay', plan: { azCommand: 'az', networkProfile: { networkPluginMode: 'overlay' } }, requester: { id: 'u', name: 'U' },
    createdAt: at, updatedAt: at, expiresAt: at, report: { verdict: 'ready', hash: 'h', blockers: [], warnings: [] }, eTag: 'e',
    dryRun: false, operationId: 'op1', thread: { conversationId: 'conv' },
  };
  store.requests.insert(req);
  store.locks.acquire({ clusterId: CLUSTER_ID, requestId: 'r1', holder: req.requester, acquiredAt: at });
  const op: OperationRecord = {
    id: 'op1', requestId: 'r1', clusterId: CLUSTER_ID, subscriptionId: 's1', resourceGroup: 'rg', clusterName: 'c1', target: 'overlay',
    asyncOperationUrl: 'https://arm.example/operations/1', pollerState: pollerStateFor('https://arm.example/operations/1'), startedAt: at, before: { networkPlugin: 'azure' },
    change: { networkPluginMode: 'overlay' }, status: 'running', dryRun: false, updatedAt: at, ...over,
  };
  store.operations.insert(op);
  return { dir, store, op };
}

export type Call = [string, ...unknown[]];
export function notifier(calls: Call[], failOn?: { kind: string; times: number }): ProgressNotifier {
  const maybeFail = (kind: string) => {
    if (failOn && failOn.kind === kind && failOn.times > 0) { failOn.times--; throw new Error(`${kind} failed`); }
  };
  return {
    started: async (_op, key) => { maybeFail('started'); calls.push(['started', key]); },
    progress: async (_op, s) => { calls.push(['progress', s.percent, s.kubernetesReadable]); },
    poolFinished: async (_op, pool, key) => { maybeFail('poolFinished'); calls.push(['poolFinished', pool.name, key]); },
    stalled: async (_op, stall, key) => { calls.push(['stalled', stall.minutes, stall.pdbs, key]); },
    finished: async (_op, o, key) => { maybeFail('finished'); calls.push(['finished', o.status, key, o.error?.code]); },
  };
}

export const node = (name: string, pool: string, opts: { overlay?: boolean; ready?: boolean; cordoned?: boolean } = {}): KubeNode => ({
  name, pool, ready: opts.ready ?? true, unschedulable: opts.cordoned ?? false,
  labels: { 'kubernetes.azure.com/agentpool': pool, ...(opts.overlay ? { 'kubernetes.azure.com/azure-cni-overlay': 'true' } : {}) },
});

export const OVERLAY_NP = { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' };
export const clock = { now: () => new Date('2026-01-01T00:10:00.000Z') };

