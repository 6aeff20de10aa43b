// Runner refusals against the real emulator: 409 (busy) and 429 (throttled) are reported with
// Retry-After, the request fails, no operation is recorded, and the PUT is sent exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorFaults, type RunningEmulator } from '../../../emulator/index.ts';
import type { ApprovalRequest } from '../../../services/approval/types.ts';
import { createAzureClients, StaticTokenCredential } from '../../../services/azure/clients.ts';
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
  // Writes go through a client without automatic retries: a PUT is never repeated.
  const clients = createAzureClients({ endpoint: emulator.url, scope: `${emulator.url}/.default`,
    credential: new StaticTokenCredential(), caPem: emulator.caPem, retry: { maxRetries: 0 } });
  const dir = mkdtempSync(join(tmpdir(), 'np-runner-'));
  dirs.push(dir);
  const store = openStore(dir);
  stores.push(store);
  const started: string[] = [];
  const runner = new MigrationRunner({ store, containerService: (s) => clients.containerService(s), onStarted: (op) => started.push(op.id) });
  const puts = () => emulator.requests().filter((r) => r.method === 'PUT');
  return { emulator, clients, store, runner, started, puts };
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
    expect(result.error.nextStep).toMatch(/Retry-After: \d+ s/);
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
  it('re-sends an unrecorded approval on an idle cluster, and adopts a cluster that is already updating', async () => {
    const w = await setup();
    const cs = w.clients.containerService(SUB);
    const idle = await cs.managedClusters.get('rg-demo', 'aks-kubenet');
    w.store.requests.insert(approved('aks-kubenet', idle.eTag ?? null));
    const busy = await cs.managedClusters.get('rg-demo', 'aks-busy');
    w.store.requests.insert(approved('aks-busy', busy.eTag ?? null));
    const results = await w.runner.recover();
    expect(results.map((r) => r.status)).toEqual(['started', 'started']);
    expect(w.puts().map((p) => p.path.split('/').pop())).toEqual(['aks-kubenet']);
    expect(w.store.operations.byRequest('req-aks-kubenet')?.asyncOperationUrl).toMatch(/operations/);
    expect(w.store.operations.byRequest('req-aks-busy')).toMatchObject({ asyncOperationUrl: null, status: 'running' });
    expect(w.store.requests.get('req-aks-busy')?.state).toBe('running');
    expect(await w.runner.recover()).toEqual([]);
  });
});
