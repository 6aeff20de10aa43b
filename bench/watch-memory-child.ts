// The NetPilot side of P5 (watch-memory.ts), in a fresh process that loads only what watching needs:
// the progress stack as the bot composes it (test/bot/progress/stack.ts) over the real ARM clients,
// pointed at the emulator and the local connector of the emulator child. It approves `count`
// migrations, waits until their PUTs are answered, samples its own RSS over a few polls and sends
// the figures back; it exits when done or when the bench process goes away.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAzureClients, EmulatorTokenCredential } from '../services/azure/clients.ts';
import { createClusterDirectory } from '../services/azure/cluster-directory.ts';
import { startProgressStack, testThread, type ProgressStack } from '../test/bot/progress/stack.ts';
import { generatedClusterName, generatedSubscription } from './fleet-gen.ts';

/** What the bench sends. */
export interface WatchMemoryRun {
  type: 'run';
  emulatorUrl: string;
  caPem: string;
  connectorUrl: string;
  count: number;
  subscriptions: number;
  pollMs: number;
  coalesceSeconds: number;
  /** How long RSS is sampled after the last PUT was answered, in ms. */
  sampleMs: number;
}

/** What the child answers. */
export interface WatchMemoryResult {
  type: 'result';
  /** RSS with every module loaded, before the stack is built. */
  rssLoaded: number;
  /** RSS with every module loaded and the stack built, before any migration. */
  rssBefore: number;
  /** Highest RSS seen while the migrations were watched. */
  rssPeak: number;
  heapUsed: number;
  /** Operations running (in the store) and watched (by the watcher) when sampling ended. */
  running: number;
  watched: number;
  /** Time to create and approve every request and get every PUT answered, in ms. */
  startedMs: number;
}

async function approve(stack: ProgressStack, thread: Record<string, unknown>, n: number, subscriptions: number): Promise<void> {
  const sub = generatedSubscription(n % subscriptions);
  const name = generatedClusterName(n);
  const rg = `rg-gen-${String(Math.floor(n / 25)).padStart(3, '0')}`;
  const cluster = { id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`, subscriptionId: sub, resourceGroup: rg, name };
  const created = await stack.service.createRequest({ cluster, target: 'overlay', podCidr: '192.168.0.0/16', requester: { id: 'u-req', name: 'Req' }, thread });
  if (!created.ok) throw new Error(`create ${name} refused: ${created.reason}`);
  const approved = await stack.service.approve(created.request.id, { id: 'u-app', name: 'App' }, { confirm: name, ack: 'true' });
  if (!approved.ok) throw new Error(`approve ${name} refused: ${approved.reason}`);
}

async function run(r: WatchMemoryRun): Promise<WatchMemoryResult> {
  const rssLoaded = process.memoryUsage().rss;
  const dataDir = mkdtempSync(join(tmpdir(), 'np-bench-p5-'));
  const clients = createAzureClients({ endpoint: r.emulatorUrl, scope: `${r.emulatorUrl}/.default`, credential: new EmulatorTokenCredential(), caPem: r.caPem });
  const directory = createClusterDirectory({ clients, subscriptions: 'all' });
  const stack = startProgressStack({ dataDir, clients, directory, pollMs: r.pollMs, coalesceSeconds: r.coalesceSeconds });
  try {
    const thread = testThread(r.connectorUrl);
    const rssBefore = process.memoryUsage().rss;
    const start = performance.now();
    for (let i = 0; i < r.count; i += 10) {
      await Promise.all(Array.from({ length: Math.min(10, r.count - i) }, (_, j) => approve(stack, thread, i + j, r.subscriptions)));
    }
    await stack.service.drain();
    const startedMs = performance.now() - start;
    let rssPeak = process.memoryUsage().rss;
    const end = performance.now() + r.sampleMs;
    while (performance.now() < end) {
      await new Promise((done) => setTimeout(done, 100));
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    return {
      type: 'result', rssLoaded, rssBefore, rssPeak, heapUsed: process.memoryUsage().heapUsed,
      running: stack.store.operations.listRunning().length, watched: stack.watcher.watching().length, startedMs,
    };
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Asks only for the RSS with every module loaded (the same modules as a run). */
export interface WatchMemoryLoaded { type: 'loaded'; rss?: number }

process.once('message', (m) => {
  if ((m as WatchMemoryLoaded).type === 'loaded') {
    process.send?.({ type: 'loaded', rss: process.memoryUsage().rss } satisfies WatchMemoryLoaded, () => process.exit(0));
    return;
  }
  run(m as WatchMemoryRun).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (err: unknown) => process.send?.({ type: 'error', message: err instanceof Error ? err.message : String(err) }, () => process.exit(1)),
  );
});
process.on('disconnect', () => process.exit(1));
