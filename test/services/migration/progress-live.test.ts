// Progress against the strict emulator on a manual clock (real HTTPS, real ContainerServiceClient
// and client-node; only time is stepped): surge nodes never finish a pool early, a PDB-blocked drain
// gets one stall notice naming the PDB, and an expired operation URL (404) still ends with exactly
// one final message, from the cluster's provisioning state and node labels.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorClock, type RunningEmulator } from '../../../emulator/index.ts';
import type { ApprovalRequest } from '../../../services/approval/types.ts';
import { createAzureClients, EmulatorTokenCredential, type AzureClients } from '../../../services/azure/clients.ts';
import { createKubeReaders } from '../../../services/migration/node-reader.ts';
import { MigrationRunner } from '../../../services/migration/runner.ts';
import type { MigrationOutcome, OperationInfo, PoolProgress, ProgressNotifier, ProgressSnapshot, StallNotice } from '../../../services/migration/types.ts';
import { ProgressWatcher } from '../../../services/migration/watcher.ts';
import { openStore, type Store } from '../../../services/store/index.ts';

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const MIN = 60_000;

/** Emulated time that moves only when the test says so; due timers run in order. */
class ManualClock implements EmulatorClock {
  private t = Date.parse('2026-03-01T00:00:00.000Z');
  private seq = 0;
  private timers: { at: number; seq: number; fn: () => void }[] = [];
  now(): number { return this.t; }
  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown): void { this.timers = this.timers.filter((x) => x !== handle); }
  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const next = this.timers.filter((x) => x.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((x) => x !== next);
      this.t = Math.max(this.t, next.at);
      next.fn();
    }
    this.t = target;
  }
}

type Event =
  | { kind: 'started' } | { kind: 'progress'; snapshot: ProgressSnapshot } | { kind: 'poolFinished'; pool: PoolProgress }
  | { kind: 'stalled'; stall: StallNotice; key: string } | { kind: 'finished'; outcome: MigrationOutcome };

function recorder(events: Event[]): ProgressNotifier {
  return {
    started: async () => { events.push({ kind: 'started' }); },
    progress: async (_op: OperationInfo, snapshot) => { events.push({ kind: 'progress', snapshot }); },
    poolFinished: async (_op, pool) => { events.push({ kind: 'poolFinished', pool }); },
    stalled: async (_op, stall, key) => { events.push({ kind: 'stalled', stall, key }); },
    finished: async (_op, outcome) => { events.push({ kind: 'finished', outcome }); },
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function approved(name: string, eTag: string, plan: Record<string, string>, target: 'overlay' | 'cilium' = 'overlay'): ApprovalRequest {
  const at = '2026-03-01T00:00:00.000Z';
  return {
    id: `req-${name}`, version: 2, state: 'approved',
    cluster: { id: `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/${name}`,
      subscriptionId: SUB, resourceGroup: 'rg-demo', name },
    target, plan: { azCommand: 'az', networkProfile: plan }, requester: { id: 'u1', name: 'U' }, createdAt: at, updatedAt: at,
    expiresAt: '2099-01-01T00:00:00.000Z', report: { verdict: 'ready', hash: 'h', blockers: [], warnings: [] }, eTag, approvedETag: eTag,
    dryRun: false, decision: { by: { id: 'u2', name: 'A' }, at },
  };
}

async function world(opts: { operationRetentionMs?: number } = {}) {
  const clock = new ManualClock();
  const emulator: RunningEmulator = await startEmulator({ port: 0, speed: 1, clock, ...opts });
  cleanups.push(() => emulator.stop());
  const clients: AzureClients = createAzureClients({ endpoint: emulator.url, scope: `${emulator.url}/.default`,
    credential: new EmulatorTokenCredential(), caPem: emulator.caPem, retry: { maxRetries: 0 } });
  const dir = mkdtempSync(join(tmpdir(), 'np-progress-live-'));
  const store: Store = openStore(dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  const read = (s: string) => clients.containerService(s);
  const kube = createKubeReaders(read);
  const events: Event[] = [];
  const runner = new MigrationRunner({ store, containerService: (s, p) => clients.containerService(s, p), readNodes: kube.readNodes });
  const watcher = new ProgressWatcher({ store, containerService: read, notifier: recorder(events), readNodes: kube.readNodes,
    readPdbs: kube.readBlockingPdbs, armEndpoint: emulator.url, clock: { now: () => new Date(clock.now()) }, pollSeconds: 15 });
  cleanups.push(() => watcher.stop());
  const start = async (name: string, plan: Record<string, string>, target: 'overlay' | 'cilium' = 'overlay') => {
    const live = await read(SUB).managedClusters.get('rg-demo', name);
    const req = approved(name, live.eTag!, plan, target);
    store.requests.insert(req);
    const result = await runner.execute(req);
    if (result.status !== 'started') throw new Error(`not started: ${JSON.stringify(result)}`);
    return result.operation.id;
  };
  const progress = () => events.flatMap((e) => (e.kind === 'progress' ? [e.snapshot] : []));
  return { clock, emulator, clients, store, events, watcher, start, progress };
}

const OVERLAY = { networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' };

describe('progress against the emulator (manual clock)', () => {
  it('a pool of 3 with 2 nodes done and 1 surge node on the target is not finished, nor 100%', async () => {
    const w = await world();
    const opId = await w.start('aks-legacy', OVERLAY);
    // Overlay timings per batch of one node: setup 60 s, drain 45 s, reimage 120 s, rejoin 15 s.
    // At 470 s: two nodes of each 3-node pool are converted, the third is being reimaged, and the
    // surge node (labelled overlay, Ready) has been there since 60 s.
    w.clock.advance(470_000);
    await w.watcher.pollOnce(opId);
    const snap = w.progress().at(-1)!;
    const apps = snap.pools.find((p) => p.name === 'apps')!;
    expect(apps).toMatchObject({ total: 3, reimaged: 2, surge: 1, finished: false, percent: 67 });
    expect(snap.pools.find((p) => p.name === 'system')).toMatchObject({ total: 3, reimaged: 2, finished: false });
    expect(snap.percent).toBeLessThan(100);
    // Only the 2-node Windows pool (done at 420 s, its surge node gone) is finished.
    expect(w.events.flatMap((e) => (e.kind === 'poolFinished' ? [e.pool.name] : []))).toEqual(['win22']);
    // The surge node is really there and on the target network (what the old count was fooled by).
    const nodes = await createKubeReaders((s) => w.clients.containerService(s)).readNodes(w.store.operations.get(opId)!);
    const originals = new Set(w.store.operations.get(opId)!.originalNodes!.flatMap((o) => o.nodes));
    expect(nodes.filter((n) => n.pool === 'apps' && !originals.has(n.name)).map((n) => n.labels['kubernetes.azure.com/azure-cni-overlay'])).toEqual(['true']);

    w.clock.advance(60 * MIN);
    await w.watcher.pollOnce(opId);
    const finished = w.events.filter((e): e is Extract<Event, { kind: 'finished' }> => e.kind === 'finished');
    expect(finished.map((e) => e.outcome.status)).toEqual(['succeeded']);
    expect(w.events.flatMap((e) => (e.kind === 'poolFinished' ? [e.pool.name] : [])).sort()).toEqual(['apps', 'system', 'win22']);
  }, 30_000);

  it('a PDB-blocked drain: one stall notice after 20 minutes without a node change, naming the PDB; then the failure', async () => {
    const w = await world();
    const opId = await w.start('aks-pdb', OVERLAY);
    // The system pool finishes at 7 min; the db pool's drain waits on payments/ledger-db until the 30 min timeout (31 min).
    for (const minute of [2, 8, 12, 20]) {
      w.clock.advance((minute - (w.clock.now() - Date.parse('2026-03-01T00:00:00.000Z')) / MIN) * MIN);
      await w.watcher.pollOnce(opId);
    }
    expect(w.events.filter((e) => e.kind === 'stalled')).toEqual([]);
    w.clock.advance(8.5 * MIN); // 28.5 min: 20.5 min since the last change was seen (8 min)
    await w.watcher.pollOnce(opId);
    w.clock.advance(1 * MIN);
    await w.watcher.pollOnce(opId);
    const stalls = w.events.filter((e): e is Extract<Event, { kind: 'stalled' }> => e.kind === 'stalled');
    expect(stalls.length).toBe(1);
    expect(stalls[0].stall).toMatchObject({ pdbs: ['payments/ledger-db'], pdbsReadable: true });
    expect(stalls[0].stall.minutes).toBeGreaterThanOrEqual(20);
    expect(stalls[0].stall.draining.map((d) => d.pool)).toEqual(['db']);
    expect(stalls[0].key).toBe(`${opId}:stall:1`);
    w.clock.advance(5 * MIN);
    await w.watcher.pollOnce(opId);
    const finished = w.events.filter((e): e is Extract<Event, { kind: 'finished' }> => e.kind === 'finished');
    expect(finished.map((e) => [e.outcome.status, e.outcome.error?.pdb])).toEqual([['failed', 'payments/ledger-db']]);
    expect(w.events.filter((e) => e.kind === 'stalled').length).toBe(1);
  }, 30_000);

  it('an expired operation URL (404): the outcome comes from the cluster, exactly one final message', async () => {
    const w = await world({ operationRetentionMs: 10 * MIN });
    const opId = await w.start('aks-legacy', OVERLAY);
    // NetPilot is down while AKS finishes (about 11 min) and for longer than the retention.
    w.clock.advance(60 * MIN);
    const errors: string[] = [];
    const watcher = new ProgressWatcher({ store: w.store, containerService: (s) => w.clients.containerService(s),
      notifier: recorder(w.events), readNodes: createKubeReaders((s) => w.clients.containerService(s)).readNodes,
      armEndpoint: w.emulator.url, clock: { now: () => new Date(w.clock.now()) }, onError: (_e, c) => errors.push(c.stage) });
    cleanups.push(() => watcher.stop());
    for (let i = 0; i < 3 && w.store.operations.get(opId)?.status === 'running'; i++) await watcher.pollOnce(opId);
    const opPath = w.store.operations.get(opId)!.asyncOperationUrl!.split('?')[0].replace(w.emulator.url, '');
    expect(w.emulator.requests().filter((r) => r.path === opPath).map((r) => r.status)).toEqual([404]);
    expect(errors).toContain('lro-gone');
    const finished = w.events.filter((e): e is Extract<Event, { kind: 'finished' }> => e.kind === 'finished');
    expect(finished.map((e) => [e.outcome.status, e.outcome.verified])).toEqual([['succeeded', true]]);
    expect(w.store.requests.get('req-aks-legacy')?.state).toBe('succeeded');
    expect(w.progress().at(-1)).toMatchObject({ fromCluster: true, percent: 100 });
    expect(await watcher.pollOnce(opId)).toEqual({ done: true, waitMs: 0 });
    expect(w.events.filter((e) => e.kind === 'finished').length).toBe(1);
  }, 30_000);
});
