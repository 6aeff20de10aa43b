// Runner refusals against the real emulator: 409 (busy) and 429 (throttled) are reported with
// Retry-After, the request fails, no operation is recorded, and the PUT is sent exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorFaults, type RunningEmulator } from '../../../emulator/index.ts';
import { makePolicy } from '../../../services/approval/policy.ts';
import { ApprovalService } from '../../../services/approval/service.ts';
import type { ApprovalRequest } from '../../../services/approval/types.ts';
import type { PreflightReport } from '../../../services/preflight/types.ts';
import { createAzureClients, EmulatorTokenCredential } from '../../../services/azure/clients.ts';
import { createNodeReader } from '../../../services/migration/node-reader.ts';
import { createLocalLeases, createLocalLeaseTable } from '../../../services/leases/local-leases.ts';
import { MigrationRunner } from '../../../services/migration/runner.ts';
import { openStore, type Store } from '../../../services/store/index.ts';

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const emulators: RunningEmulator[] = [];
const stores: Store[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const e of emulators.splice(0)) await e.stop();
});

const clusterRef = (name: string) => ({ id: `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/${name}`,
  subscriptionId: SUB, resourceGroup: 'rg-demo', name });

function readyReport(): PreflightReport {
  return {
    target: 'overlay', cluster: { name: 'aks-legacy', resourceGroup: 'rg-demo', mode: 'node-subnet', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.30' },
    podCidr: '192.168.0.0/16', verdict: 'ready', findings: [], passed: [], notApplicable: [],
    plan: { azCommand: 'az aks update', networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' } },
  };
}

function approved(name: string, eTag: string | null): ApprovalRequest {
  const at = '2026-01-01T00:00:00.000Z';
  return {
    id: `req-${name}`, version: 2, state: 'approved',
    cluster: { id: `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/${name}`,
      subscriptionId: SUB, resourceGroup: 'rg-demo', name },
    target: 'overlay', plan: { azCommand: 'az', networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16', podCidrs: ['192.168.0.0/16'] } },
    requester: { id: 'u1', name: 'U' }, createdAt: at, updatedAt: at, expiresAt: '2099-01-01T00:00:00.000Z',
    report: { verdict: 'ready', hash: 'h', blockers: [], warnings: [] }, eTag, approvedETag: eTag, dryRun: false,
    decision: { by: { id: 'u2', name: 'A' }, at },
  };
}

async function setup(faults?: EmulatorFaults) {
  const emulator = await startEmulator({ port: 0, speed: 600, faults });
  emulators.push(emulator);
  // Reads retry (429 Retry-After, 5xx, network) as in production; writes go through a client
  // without automatic retries: a PUT is never repeated.
  const clients = createAzureClients({ endpoint: emulator.url, scope: `${emulator.url}/.default`,
    credential: new EmulatorTokenCredential(), caPem: emulator.caPem, retry: { retryDelayInMs: 50 } });
  const dir = mkdtempSync(join(tmpdir(), 'np-runner-'));
  dirs.push(dir);
  const store = openStore(dir);
  stores.push(store);
  const started: string[] = [];
  const refused: string[] = [];
  const runner = new MigrationRunner({ store, containerService: (s, purpose) => clients.containerService(s, purpose),
    readNodes: createNodeReader((s) => clients.containerService(s)), onStarted: (op) => started.push(op.id),
    onRefused: (_r, result) => refused.push(result.code) });
  const puts = () => emulator.requests().filter((r) => r.method === 'PUT');
  return { emulator, clients, store, runner, started, refused, puts };
}

describe('MigrationRunner refusals', () => {
  it('409 on a busy cluster: reported, request failed, one PUT, nothing recorded', async () => {
    const w = await setup();
    const live = await w.clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-busy');
    const req = approved('aks-busy', live.eTag ?? null);
    w.store.requests.insert(req);
    const result = await w.runner.execute(req);
    expect(result).toMatchObject({ status: 'refused', code: 'busy', httpStatus: 409 });
    expect(w.puts().map((p) => p.status)).toEqual([409]);
    expect(w.store.operations.byRequest(req.id)).toBeUndefined();
    expect(w.started).toEqual([]);
    expect(w.store.requests.get(req.id)).toMatchObject({ state: 'failed', outcome: { status: 'failed', code: 'OperationNotAllowed' } });
    expect(w.store.audit.listByRequest(req.id).map((a) => a.kind)).toEqual(['finished']);
  });

  it('429 on the PUT: reported with Retry-After and not retried', async () => {
    const w = await setup({ throttle: { clusterPut: { size: 0, refillPerSecond: 1 / 60 } } });
    const live = await w.clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-legacy');
    const req = approved('aks-legacy', live.eTag ?? null);
    w.store.requests.insert(req);
    const result = await w.runner.execute(req);
    expect(result).toMatchObject({ status: 'refused', code: 'throttled', httpStatus: 429 });
    if (result.status !== 'refused') return;
    expect(result.retryAfterSeconds).toBeGreaterThan(0);
    expect(result.error.params?.retryAfter).toEqual(expect.any(Number));
    expect(w.puts().map((p) => p.status)).toEqual([429]);
    expect(w.store.operations.byRequest(req.id)).toBeUndefined();
    expect(w.store.requests.get(req.id)?.state).toBe('failed');
  });

  it('only the plan networkProfile change is sent; the operation is recorded before running', async () => {
    const w = await setup();
    const cs = w.clients.containerService(SUB);
    const before = await cs.managedClusters.get('rg-demo', 'aks-legacy');
    const req = approved('aks-legacy', before.eTag ?? null);
    w.store.requests.insert(req);
    const result = await w.runner.execute(req);
    expect(result.status).toBe('started');
    expect(w.started.length).toBe(1);
    const op = w.store.operations.byRequest(req.id)!;
    expect(op).toMatchObject({ status: 'running', change: req.plan.networkProfile, before: { networkPlugin: 'azure' } });
    expect(op.asyncOperationUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/operations\//);
    expect(w.store.requests.get(req.id)).toMatchObject({ state: 'running', operationId: op.id });
    const after = await cs.managedClusters.get('rg-demo', 'aks-legacy');
    // everything but the network profile change is as before
    expect(after.kubernetesVersion).toBe(before.kubernetesVersion);
    expect((after.agentPoolProfiles ?? []).map((p) => [p.name, p.count])).toEqual((before.agentPoolProfiles ?? []).map((p) => [p.name, p.count]));
    const { serviceCidr, dnsServiceIP, outboundType, networkDataplane } = before.networkProfile ?? {};
    expect(after.networkProfile).toMatchObject({ serviceCidr, dnsServiceIP, outboundType, networkDataplane, ...req.plan.networkProfile });
    // a second execute does nothing: the request is no longer approved
    expect(await w.runner.execute(req)).toMatchObject({ status: 'refused', code: 'not-approved' });
    expect(w.puts().length).toBe(1);
  });
});

describe('MigrationRunner.recover', () => {
  it('starts an approved request that was never claimed; takes over an interrupted start: adopts it when the cluster shows the update, sends it again when not', async () => {
    const w = await setup();
    const cs = w.clients.containerService(SUB);
    const idle = await cs.managedClusters.get('rg-demo', 'aks-legacy');
    w.store.requests.insert(approved('aks-legacy', idle.eTag ?? null));
    // Claimed before the process stopped; the cluster is updating and changed since the approval: the PUT went out.
    w.store.requests.insert({ ...approved('aks-busy', 'etag-seen-at-approval'), state: 'starting' });
    // Claimed before the process stopped; the cluster is idle and unchanged: the PUT never went out.
    const calico = await cs.managedClusters.get('rg-demo', 'aks-calico');
    w.store.requests.insert({ ...approved('aks-calico', calico.eTag ?? null), state: 'starting', target: 'cilium',
      plan: { azCommand: 'az', networkProfile: { networkDataplane: 'cilium', networkPolicy: 'cilium' } } });
    const results = await w.runner.recover();
    expect(results, JSON.stringify(results)).toMatchObject([{ status: 'started' }, { status: 'started' }, { status: 'started' }]);
    expect(w.puts().map((p) => [p.path.split('/').pop(), p.status]).sort()).toEqual([['aks-calico', 200], ['aks-legacy', 200]]);
    expect(w.store.operations.byRequest('req-aks-legacy')?.asyncOperationUrl).toMatch(/operations/);
    expect(w.store.operations.byRequest('req-aks-calico')?.asyncOperationUrl).toMatch(/operations/);
    expect(w.store.operations.byRequest('req-aks-busy')).toMatchObject({ asyncOperationUrl: null, status: 'running' });
    expect(w.store.requests.get('req-aks-busy')?.state).toBe('running');
    expect(await w.runner.recover()).toEqual([]);
  });

  it('approving while recovery runs: exactly one PUT in the emulator log, the losers send nothing', async () => {
    const w = await setup();
    const service = new ApprovalService({ store: w.store, executor: w.runner, policy: makePolicy({ demoMode: true }),
      preflight: async ({ cluster }) => ({ report: readyReport(), eTag: (await w.clients.containerService(SUB)
        .managedClusters.get(cluster.resourceGroup, cluster.name)).eTag ?? null }) });
    const created = await service.createRequest({ cluster: clusterRef('aks-legacy'), target: 'overlay', podCidr: '192.168.0.0/16',
      requester: { id: 'u1', name: 'R' } });
    if (!created.ok) throw new Error(created.reason);
    // The approval lands while ten recoveries (as many start-ups) are running.
    const recoveries = Array.from({ length: 10 }, () => w.runner.recover());
    const approval = service.approve(created.request.id, { id: 'u2', name: 'A' }, { confirm: 'aks-legacy', ack: 'true' });
    const more = Array.from({ length: 10 }, () => w.runner.recover());
    const [approvedResult] = await Promise.all([approval, ...recoveries, ...more]);
    expect(approvedResult.ok).toBe(true);
    await service.drain();
    await Promise.all(Array.from({ length: 5 }, () => w.runner.recover()));
    expect(w.puts().map((p) => [p.path.split('/').pop(), p.status])).toEqual([['aks-legacy', 200]]);
    expect(w.started.length).toBe(1);
    expect(w.refused).toEqual([]);
    expect(w.store.requests.get(created.request.id)?.state).toBe('running');
  });
});

describe('MigrationRunner.recover with several instances (start leases)', () => {
  it('leaves a start another live instance holds alone; takes it over once that lease is free', async () => {
    const w = await setup();
    const table = createLocalLeaseTable();
    const other = createLocalLeases({ table, holder: 'other-instance', periodSeconds: 30 });
    const runner = new MigrationRunner({ store: w.store, containerService: (s, purpose) => w.clients.containerService(s, purpose),
      leases: createLocalLeases({ table, holder: 'this-instance', periodSeconds: 30 }) });
    const calico = await w.clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-calico');
    w.store.requests.insert({ ...approved('aks-calico', calico.eTag ?? null), state: 'starting', target: 'cilium',
      plan: { azCommand: 'az', networkProfile: { networkDataplane: 'cilium', networkPolicy: 'cilium' } } });
    expect(await other.acquire('start:req-aks-calico')).toBe(true); // the other instance is sending it now
    expect(await runner.recover()).toEqual([]);
    expect(w.puts()).toEqual([]);
    expect(w.store.requests.get('req-aks-calico')?.state).toBe('starting');
    await other.release('start:req-aks-calico'); // it stopped
    expect(await runner.recover()).toMatchObject([{ status: 'started' }]);
    expect(w.puts().map((p) => p.status)).toEqual([200]);
    expect(await other.acquire('start:req-aks-calico')).toBe(true); // released after the start
  });
});

describe('MigrationRunner before the PUT', () => {
  it('refuses a request without an approved eTag (fail closed): nothing is sent, the request fails', async () => {
    const w = await setup();
    const req = approved('aks-legacy', null);
    w.store.requests.insert(req);
    const result = await w.runner.execute(req);
    expect(result).toMatchObject({ status: 'refused', code: 'no-etag', error: { code: 'MissingETag' } });
    expect(w.puts()).toEqual([]);
    expect(w.store.requests.get(req.id)).toMatchObject({ state: 'failed', outcome: { code: 'MissingETag' } });
  });

  it('a second claimer of the same request sends nothing', async () => {
    const w = await setup();
    const live = await w.clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-legacy');
    const req = approved('aks-legacy', live.eTag ?? null);
    w.store.requests.insert(req);
    const [a, b] = await Promise.all([w.runner.execute(req), w.runner.execute(req)]);
    expect([a.status, b.status].sort()).toEqual(['refused', 'started']);
    expect([a, b].find((r) => r.status === 'refused')).toMatchObject({ code: 'not-approved' });
    expect(w.puts().length).toBe(1);
  });

  it('a throttled read before the PUT is retried (read client) and does not spend the approval', async () => {
    // One GET per second on the cluster: the runner's GET right after ours gets 429 + Retry-After.
    const w = await setup({ throttle: { clusterGet: { size: 1, refillPerSecond: 1 } } });
    const live = await w.clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-legacy');
    const req = approved('aks-legacy', live.eTag ?? null);
    w.store.requests.insert(req);
    const result = await w.runner.execute(req);
    expect(result.status).toBe('started');
    const gets = w.emulator.requests().filter((r) => r.method === 'GET' && r.path.endsWith('/managedClusters/aks-legacy'));
    expect(gets.map((g) => g.status)).toContain(429);
    expect(w.puts().map((p) => p.status)).toEqual([200]);
  });

  it('records the original nodes of each pool before the update', async () => {
    const w = await setup();
    const live = await w.clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-legacy');
    const req = approved('aks-legacy', live.eTag ?? null);
    w.store.requests.insert(req);
    await w.runner.execute(req);
    const op = w.store.operations.byRequest(req.id)!;
    const pools = (live.agentPoolProfiles ?? []).map((p) => [p.name, p.count]);
    expect(op.originalNodes?.map((o) => [o.pool, o.nodes.length])).toEqual(pools);
    expect(op.originalNodes?.flatMap((o) => o.nodes).every((n) => n.startsWith('aks'))).toBe(true);
  });

  it('a PUT that got no answer and left the cluster unchanged (connection refused) fails as not applied; nothing reached Azure', async () => {
    const w = await setup();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // The write client talks to a port where nothing listens; reads go to the emulator.
    const nowhere = createAzureClients({ endpoint: `https://127.0.0.1:${port}`, scope: `${w.emulator.url}/.default`,
      credential: new EmulatorTokenCredential(), caPem: w.emulator.caPem, retry: { maxRetries: 0 } });
    const refused: string[] = [];
    const runner = new MigrationRunner({ store: w.store, onRefused: (_r, result) => refused.push(result.code),
      containerService: (s, purpose) => (purpose === 'write' ? nowhere.containerService(s, 'write') : w.clients.containerService(s)) });
    const live = await w.clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-legacy');
    const req = approved('aks-legacy', live.eTag ?? null);
    w.store.requests.insert(req);
    const result = await runner.execute(req);
    expect(result).toMatchObject({ status: 'refused', code: 'not-applied', error: { code: 'UpdateNotApplied' } });
    expect(refused).toEqual(['not-applied']);
    expect(w.puts()).toEqual([]);
    expect(w.store.operations.byRequest(req.id)).toBeUndefined();
    expect(w.store.requests.get(req.id)).toMatchObject({ state: 'failed', outcome: { code: 'UpdateNotApplied' } });
  });

  it('a dropped PUT response: the update was applied, so the operation is recorded (no URL) and watched', async () => {
    const w = await setup({ dropAcceptedPutRate: 1 });
    const live = await w.clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-legacy');
    const req = approved('aks-legacy', live.eTag ?? null);
    w.store.requests.insert(req);
    const result = await w.runner.execute(req);
    expect(result.status).toBe('started');
    expect(w.emulator.requests().filter((r) => r.method === 'PUT').map((r) => r.dropped)).toEqual([true]);
    expect(w.refused).toEqual([]);
    expect(w.started.length).toBe(1);
    expect(w.store.operations.byRequest(req.id)).toMatchObject({ asyncOperationUrl: null, status: 'running' });
    expect(w.store.requests.get(req.id)?.state).toBe('running');
  });
});
