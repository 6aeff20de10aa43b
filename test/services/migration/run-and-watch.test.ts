// Runner + watcher against the real emulator (HTTPS, real ContainerServiceClient and client-node).
import { makePolicy } from '../../../services/approval/policy.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/index.ts';
import { ApprovalService, type PreflightFn } from '../../../services/approval/service.ts';
import type { ApprovalRequest, ClusterRef } from '../../../services/approval/types.ts';
import { createAzureClients, EmulatorTokenCredential, type AzureClients } from '../../../services/azure/clients.ts';
import type { PreflightReport } from '../../../services/preflight/types.ts';
import { MigrationRunner } from '../../../services/migration/runner.ts';
import { createNodeReader } from '../../../services/migration/node-reader.ts';
import { ProgressWatcher } from '../../../services/migration/watcher.ts';
import type { MigrationOutcome, OperationInfo, PoolProgress, ProgressNotifier, ProgressSnapshot, StallNotice } from '../../../services/migration/types.ts';
import { openStore, type Store } from '../../../services/store/index.ts';
import { fakeFinding } from '../../fakes/finding.ts';

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const ref = (name: string): ClusterRef => ({ id: `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/${name}`,
  subscriptionId: SUB, resourceGroup: 'rg-demo', name });
// podCidrs agrees with podCidr, as the plan builder sends it (the RP refuses a mismatch, e.g. kubenet's old podCidrs).
const OVERLAY = { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16', podCidrs: ['192.168.0.0/16'] };
const requester = { id: 'u-req', name: 'Req' };
const approver = { id: 'u-app', name: 'App' };

type Event =
  | { kind: 'started'; op: OperationInfo; key: string }
  | { kind: 'progress'; op: OperationInfo; snapshot: ProgressSnapshot }
  | { kind: 'poolFinished'; op: OperationInfo; pool: PoolProgress; key: string }
  | { kind: 'stalled'; op: OperationInfo; stall: StallNotice; key: string }
  | { kind: 'finished'; op: OperationInfo; outcome: MigrationOutcome; key: string };

function recorder(events: Event[], onEvent?: (e: Event) => void): ProgressNotifier {
  const push = (e: Event) => { events.push(e); onEvent?.(e); };
  return {
    started: async (op, key) => push({ kind: 'started', op, key }),
    progress: async (op, snapshot) => push({ kind: 'progress', op, snapshot }),
    poolFinished: async (op, pool, key) => push({ kind: 'poolFinished', op, pool, key }),
    stalled: async (op, stall, key) => push({ kind: 'stalled', op, stall, key }),
    finished: async (op, outcome, key) => push({ kind: 'finished', op, outcome, key }),
  };
}

function report(plan: Record<string, string | string[]>): PreflightReport {
  return {
    target: 'overlay', cluster: { name: 'x', resourceGroup: 'rg-demo', mode: 'node-subnet', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.30' },
    podCidr: typeof plan.podCidr === 'string' ? plan.podCidr : null, verdict: 'ready',
    findings: [fakeFinding('simultaneous-reimage', 'warning')],
    passed: [], notApplicable: [], plan: { azCommand: 'az aks update', networkProfile: plan },
  };
}

// Fast polls: honour what the watcher asks for, but never wait more than 50 ms in a test.
const fastSleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const onAbort = () => { clearTimeout(t); resolve(); };
  const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(); }, Math.min(ms, 50));
  signal.addEventListener('abort', onAbort, { once: true });
});

let emulator: RunningEmulator;
let clients: AzureClients;
const dirs: string[] = [];
const stores: Store[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, speed: 600 });
  clients = createAzureClients({ endpoint: emulator.url, scope: `${emulator.url}/.default`, credential: new EmulatorTokenCredential(),
    caPem: emulator.caPem, retry: { maxRetries: 0 } });
});
afterAll(async () => { await emulator?.stop(); });
afterEach(() => {
  for (const s of stores.splice(0)) { try { s.close(); } catch { /* closed */ } }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const CILIUM = { networkDataplane: 'cilium', networkPolicy: 'cilium' };

function world(opts: { dryRun?: boolean; events?: Event[]; onEvent?: (e: Event) => void; dir?: string;
  plan?: Record<string, string> } = {}) {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'np-run-'));
  if (!opts.dir) dirs.push(dir);
  const store = openStore(dir);
  stores.push(store);
  const events = opts.events ?? [];
  const containerService = (s: string) => clients.containerService(s);
  const watcher = new ProgressWatcher({ store, containerService, notifier: recorder(events, opts.onEvent),
    readNodes: createNodeReader(containerService, clients.kubeAccess), pollSeconds: 1, sleep: fastSleep });
  const runner = new MigrationRunner({ store, containerService, onStarted: (op) => watcher.watch(op.id) });
  const preflight: PreflightFn = async ({ cluster }) => {
    const c = await clients.containerService(cluster.subscriptionId).managedClusters.get(cluster.resourceGroup, cluster.name);
    return { report: report(opts.plan ?? OVERLAY), eTag: c.eTag ?? null };
  };
  const service = new ApprovalService({ store, preflight, executor: runner, dryRun: opts.dryRun, policy: makePolicy({ demoMode: true }) });
  return { dir, store, events, watcher, runner, service };
}

const puts = (name: string) => emulator.requests().filter((r) => r.method === 'PUT' && r.path.endsWith(`/managedClusters/${name}`));

async function approveNow(service: ApprovalService, name: string, target: 'overlay' | 'cilium' = 'overlay'): Promise<ApprovalRequest> {
  const created = await service.createRequest({ cluster: ref(name), target, podCidr: target === 'overlay' ? '192.168.0.0/16' : undefined, requester,
    thread: { conversationId: `conv-${name}` } });
  if (!created.ok) throw new Error(`create failed: ${created.reason}`);
  const approved = await service.approve(created.request.id, approver, { confirm: name, ack: 'true' });
  if (!approved.ok) throw new Error(`approve failed: ${approved.reason}`);
  return approved.request;
}

describe('runner + watcher against the emulator', () => {
  it('aks-legacy to overlay: started, progress, one poolFinished per pool, one finished succeeded', async () => {
    const w = world();
    const request = await approveNow(w.service, 'aks-legacy');
    await w.service.drain();
    await w.watcher.idle();
    const kinds = w.events.map((e) => e.kind);
    expect(kinds[0]).toBe('started');
    expect(kinds.filter((k) => k === 'started').length).toBe(1);
    expect(kinds.filter((k) => k === 'progress').length).toBeGreaterThanOrEqual(3);
    const pools = w.events.flatMap((e) => (e.kind === 'poolFinished' ? [e.pool.name] : []));
    expect(pools.sort()).toEqual(['apps', 'system', 'win22']);
    const finished = w.events.filter((e): e is Extract<Event, { kind: 'finished' }> => e.kind === 'finished');
    expect(finished.length).toBe(1);
    expect(kinds[kinds.length - 1]).toBe('finished');
    expect(finished[0].outcome).toMatchObject({ status: 'succeeded', verified: true, dryRun: false,
      before: { networkPlugin: 'azure' }, after: { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' } });
    expect(finished[0].outcome.before.networkPluginMode).toBeUndefined();
    expect(finished[0].outcome).not.toHaveProperty('nextStep'); // the chat layer words the next step from the outcome
    expect(finished[0].op.thread).toEqual({ conversationId: 'conv-aks-legacy' });
    // progress came from Kubernetes and moved forward
    const progress = w.events.flatMap((e) => (e.kind === 'progress' ? [e.snapshot] : []));
    expect(progress.every((p) => p.kubernetesReadable)).toBe(true);
    expect(progress.some((p) => p.percent > 0 && p.percent < 100)).toBe(true);
    expect(progress[progress.length - 1].percent).toBe(100);
    // the PUT happened once, the cluster now shows overlay, the store recorded it all
    expect(puts('aks-legacy').map((p) => p.status < 300)).toEqual([true]);
    const live = await clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-legacy');
    expect(live.networkProfile).toMatchObject({ networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' });
    const stored = w.store.requests.get(request.id)!;
    expect(stored.state).toBe('succeeded');
    const op = w.store.operations.byRequest(request.id)!;
    expect(op.status).toBe('succeeded');
    expect(op.asyncOperationUrl).toMatch(/\/operations\//);
    expect(w.store.audit.listByRequest(request.id).map((a) => a.kind)).toEqual(['requested', 'approved', 'started', 'finished']);
    expect(w.store.audit.listByRequest(request.id)[2].operation).toBe(op.asyncOperationUrl);
    expect(w.store.locks.get(ref('aks-legacy').id)).toBeUndefined();
  });

  for (const name of ['aks-entra', 'aks-private']) {
    it(`${name} (Entra ID${name === 'aks-private' ? ', private API server: nodes through runCommand' : ''}) to cilium: progress from Kubernetes, every pool, one finished succeeded`, async () => {
      const w = world({ plan: CILIUM });
      const request = await approveNow(w.service, name, 'cilium');
      await w.service.drain();
      await w.watcher.idle();
      const progress = w.events.flatMap((e) => (e.kind === 'progress' ? [e.snapshot] : []));
      expect(progress.length).toBeGreaterThanOrEqual(1);
      expect(progress.every((p) => p.kubernetesReadable)).toBe(true);
      expect(progress[progress.length - 1].percent).toBe(100);
      const pools = w.events.flatMap((e) => (e.kind === 'poolFinished' ? [e.pool.name] : []));
      const live = clients.containerService(SUB).agentPools.list('rg-demo', name);
      const names: string[] = [];
      for await (const p of live) names.push(p.name!);
      expect(pools.sort()).toEqual(names.sort());
      const finished = w.events.filter((e): e is Extract<Event, { kind: 'finished' }> => e.kind === 'finished');
      expect(finished).toHaveLength(1);
      expect(finished[0].outcome).toMatchObject({ status: 'succeeded', verified: true });
      expect(w.store.requests.get(request.id)?.state).toBe('succeeded');
      if (name === 'aks-private') {
        expect(emulator.requests().some((r) => r.method === 'POST' && r.path.endsWith('/managedClusters/aks-private/runCommand'))).toBe(true);
      }
    });
  }

  it('aks-pdb: finished failed, naming the PDB', async () => {
    const w = world();
    const request = await approveNow(w.service, 'aks-pdb');
    await w.service.drain();
    await w.watcher.idle();
    const finished = w.events.filter((e): e is Extract<Event, { kind: 'finished' }> => e.kind === 'finished');
    expect(finished.length).toBe(1);
    expect(finished[0].outcome.status).toBe('failed');
    expect(finished[0].outcome.error).toMatchObject({ code: 'UpgradeFailed', pdb: 'payments/ledger-db' });
    expect(finished[0].outcome.error).toMatchObject({ messageId: 'error.pdb', pdb: 'payments/ledger-db', params: { pdb: 'payments/ledger-db' } });
    expect(String(finished[0].outcome.error?.params?.command)).toContain('ledger-db');
    const pools = w.events.flatMap((e) => (e.kind === 'poolFinished' ? [e.pool.name] : []));
    expect(pools).not.toContain('db');
    expect(w.store.requests.get(request.id)).toMatchObject({ state: 'failed', outcome: { status: 'failed', code: 'UpgradeFailed' } });
  });

  it('a stale eTag: 412, no operation recorded, request failed as cluster changed', async () => {
    const w = world();
    const created = await w.service.createRequest({ cluster: ref('aks-overlay'), target: 'overlay', requester,
      preflight: { report: report({ networkDataplane: 'cilium', networkPolicy: 'cilium' }), eTag: 'stale-etag' } });
    if (!created.ok) throw new Error(created.reason);
    // approve against the stored stale eTag (preflight said 'stale-etag' both times)
    const svc = new ApprovalService({ store: w.store, executor: w.runner, policy: makePolicy({ demoMode: true }),
      preflight: async () => ({ report: report({ networkDataplane: 'cilium', networkPolicy: 'cilium' }), eTag: 'stale-etag' }) });
    const before = puts('aks-overlay').length;
    expect((await svc.approve(created.request.id, approver, { confirm: 'aks-overlay', ack: 'true' })).ok).toBe(true);
    await svc.drain();
    expect(puts('aks-overlay').slice(before).map((p) => p.status)).toEqual([412]);
    expect(w.store.operations.byRequest(created.request.id)).toBeUndefined();
    const r = w.store.requests.get(created.request.id)!;
    expect(r).toMatchObject({ state: 'failed', outcome: { status: 'failed', code: 'PreconditionFailed' } });
    expect(r.outcome?.message).toMatch(/cluster changed/);
    expect(w.store.locks.get(ref('aks-overlay').id)).toBeUndefined();
    expect(w.events).toEqual([]);
    const live = await clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-overlay');
    expect(live.networkProfile?.networkDataplane).not.toBe('cilium');
  });

  it('50 concurrent approvals start exactly one PUT', async () => {
    const w = world({ plan: CILIUM });
    const created = await w.service.createRequest({ cluster: ref('aks-podsubnet'), target: 'cilium', requester });
    if (!created.ok) throw new Error(created.reason);
    const before = puts('aks-podsubnet').length;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      w.service.approve(created.request.id, { id: `a-${i}`, name: `A${i}` }, { confirm: 'aks-podsubnet', ack: 'true' })));
    await w.service.drain();
    expect(results.filter((r) => r.ok).length).toBe(1);
    expect(puts('aks-podsubnet').slice(before).map((p) => p.status)).toEqual([200]);
    await w.watcher.idle();
    expect(w.events.filter((e) => e.kind === 'finished').map((e) => (e as Extract<Event, { kind: 'finished' }>).outcome.status)).toEqual(['succeeded']);
  });

  it('restart mid-run: a new watcher on the same store resumes; no duplicated milestones', async () => {
    const events: Event[] = [];
    let stopAt: Promise<void> | undefined;
    const first: ReturnType<typeof world> = world({ events, plan: CILIUM, onEvent: (e) => {
      if (!stopAt && e.kind === 'progress' && e.snapshot.percent > 0 && e.snapshot.percent < 100) stopAt = first.watcher.stop();
    } });
    const request = await approveNow(first.service, 'aks-overlay', 'cilium');
    await first.service.drain();
    await first.watcher.idle();
    expect(stopAt).toBeDefined();
    const op = first.store.operations.byRequest(request.id)!;
    expect(op.status).toBe('running');
    expect(events.filter((e) => e.kind === 'finished')).toEqual([]);
    first.store.close();

    expect(events.filter((e) => e.kind === 'started').length).toBe(1);
    const second = world({ events, dir: first.dir, plan: CILIUM });
    expect(second.watcher.resumeAll()).toEqual([op.id]);
    await second.watcher.idle();
    const kinds = events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'started').length).toBe(1);
    expect(kinds.filter((k) => k === 'finished').length).toBe(1);
    const pools = events.flatMap((e) => (e.kind === 'poolFinished' ? [e.pool.name] : []));
    expect(pools.sort()).toEqual(['apps', 'system']);
    expect(second.store.requests.get(request.id)?.state).toBe('succeeded');
    expect(second.store.milestones.list(op.id).map((m) => [m.key, m.state]).sort()).toEqual(
      [['finished', 'done'], ['pool:apps', 'done'], ['pool:system', 'done'], ['started', 'done']]);
  });

  it('dry run: the whole flow is recorded, nothing is sent', async () => {
    const w = world({ dryRun: true });
    const before = puts('aks-ipmasq').length;
    const request = await approveNow(w.service, 'aks-ipmasq');
    await w.service.drain();
    await w.watcher.idle();
    expect(puts('aks-ipmasq').length).toBe(before);
    expect(w.events.map((e) => e.kind)).toEqual(['started', 'finished']);
    const fin = w.events[1] as Extract<Event, { kind: 'finished' }>;
    expect(fin.outcome).toMatchObject({ status: 'succeeded', dryRun: true });
    expect(w.store.requests.get(request.id)).toMatchObject({ state: 'succeeded', dryRun: true });
    expect(w.store.operations.byRequest(request.id)).toMatchObject({ dryRun: true, asyncOperationUrl: null });
  });
});
