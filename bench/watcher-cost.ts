// P4: what watching a migration costs. The progress stack as the bot composes it (store,
// ApprovalService, MigrationRunner, ProgressWatcher, Teams notifier over a real CloudAdapter; shared
// with the tests: test/bot/progress/stack.ts) runs against the emulator at `speed` x, with the poll
// interval (15 s) and the notifier's coalescing (10 s) divided by the same factor, so one real
// second stands for `speed` emulated seconds. Calls are counted where they arrive: ARM and
// Kubernetes at the emulator's request log, posts and updates at the local connector.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator, type RunningEmulator } from '../emulator/index.ts';
import { createAzureClients, EmulatorTokenCredential } from '../services/azure/clients.ts';
import { createClusterDirectory } from '../services/azure/cluster-directory.ts';
import { startLocalConnector } from '../test/fakes/local-connector.ts';
import { approveRequest, clusterRef, startProgressStack, testThread, THREAD_ID } from '../test/bot/progress/stack.ts';
import { goal, limitGoal, type Goal } from './goals.ts';
import type { BenchOptions, BenchResult } from './measure.ts';

/** Name of the row. */
export const WATCHER_COST = 'P4 watcher cost per migration hour';

const POLL_SECONDS = 15;
const COALESCE_SECONDS = 10;
const HOUR_S = 3600;

async function world(speed: number, fleet?: unknown) {
  const dataDir = mkdtempSync(join(tmpdir(), 'np-bench-watch-'));
  const emulator: RunningEmulator = await startEmulator({ port: 0, speed, ...(fleet ? { fleet } : {}) });
  const clients = createAzureClients({ endpoint: emulator.url, scope: `${emulator.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emulator.caPem });
  const connector = await startLocalConnector();
  const directory = createClusterDirectory({ clients, subscriptions: 'all' });
  const stack = startProgressStack({ dataDir, clients, directory, pollMs: (POLL_SECONDS * 1000) / speed, coalesceSeconds: COALESCE_SECONDS / speed });
  return {
    emulator, connector, stack,
    async stop() {
      await stack.stop();
      await connector.stop();
      await emulator.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** P4: one aks-legacy migration to overlay watched from approval to its final message. */
export async function benchWatcherCost(options: BenchOptions): Promise<BenchResult> {
  // The emulator's Retry-After is 30 emulated s divided by speed but at least 1 s: above 30x the
  // watcher would wait longer than an hour's share and the counts would look better than they are.
  const speed = 30;
  void options;
  const w = await world(speed);
  try {
    const start = performance.now();
    await approveRequest(w.stack.service, 'aks-legacy', testThread(w.connector.url));
    const mark = w.emulator.requests().length;
    await w.stack.service.drain();
    await w.stack.watcher.idle();
    await w.stack.notifier.flush();
    const realS = (performance.now() - start) / 1000;
    const emulatedS = realS * speed;
    const served = w.emulator.requests().slice(mark);
    const kube = served.filter((r) => r.method === 'GET' && r.path.startsWith('/k8s/')).length;
    const arm = served.filter((r) => r.method === 'GET' && !r.path.startsWith('/k8s/')).length;
    const mine = w.connector.activities.filter((a) => a.conversationId === THREAD_ID);
    const posts = mine.filter((a) => a.kind === 'send' || a.kind === 'reply').length;
    const updates = mine.filter((a) => a.kind === 'update').length;
    const op = w.stack.store.operations.listByCluster(clusterRef('aks-legacy').id)[0];
    const pools = op?.originalNodes?.length ?? 0;
    if (pools === 0) throw new Error('the migration recorded no node pools');
    const hours = emulatedS / HOUR_S;
    const perHour = (n: number) => n / hours;
    const goals: Goal[] = [
      limitGoal('P4 ARM reads per migration hour / 240', perHour(arm), 240, 'max', `${arm} ARM GETs in ${(emulatedS / 60).toFixed(1)} emulated min = ${perHour(arm).toFixed(0)}/h`),
      limitGoal(`P4 Teams posts / (pools ${pools} + 3)`, posts, pools + 3, 'max', `${posts} posts, ${pools} pools`),
      goal('P4 Teams updates / (1 per 10 s)', updates, emulatedS / 10, 'max', 1, `${updates} updates in ${emulatedS.toFixed(0)} emulated s`),
    ];
    return {
      name: WATCHER_COST, unit: 'migrations', iterations: 1, opsPerIteration: 1, p50Ms: realS * 1000, p95Ms: realS * 1000, maxMs: realS * 1000, meanMs: realS * 1000,
      throughputPerSecond: 1 / realS,
      figures: { speed, emulatedSeconds: Math.round(emulatedS), armReads: arm, kubeReads: kube, armReadsPerHour: Math.round(perHour(arm)), kubeReadsPerHour: Math.round(perHour(kube)), posts, updates, pools },
      notes: [`speed ${speed}x, ${(emulatedS / 60).toFixed(1)} emulated min`, `per hour: ARM ${perHour(arm).toFixed(0)}, Kubernetes ${perHour(kube).toFixed(0)}`, `${posts} posts, ${updates} updates`],
      flags: [], goals,
    };
  } finally {
    await w.stop();
  }
}
