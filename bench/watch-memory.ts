// P5: NetPilot's RSS with many migrations of a generated fleet watched at once. Two child processes,
// so that the figure is NetPilot's alone: the emulator and the local Teams connector in one
// (emulator-process.ts), and a fresh NetPilot process that loads only the progress stack
// (watch-memory-child.ts; nothing of the bench or of earlier benchmarks), run from an esbuild bundle
// (bundles.ts, as the CLI and `npm start` run) with plain node. The same child under tsx, as `npm start`
// runs the bot when dist/bot/ is missing or stale, is started once more (full run only) to read its RSS
// with the modules loaded (tsx's loader and its compiled sources cost more than NetPilot does). The emulator's RSS is information
// too. Emulator at 5x, poll 15 s and coalescing 10 s divided by 5; 5 migrations per subscription, so
// the per-subscription read and operation-status buckets never throttle the polls; RSS sampled for 3
// polls (2 with --quick) after every PUT was answered (an aks-legacy migration lasts about 11 emulated minutes, so
// every one is still running). The NetPilot child runs with the Node flags `npm start` gives the bot
// (package.json "start", e.g. --optimize-for-size), so that the figure is what production runs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ensureBundle } from './bundles.ts';
import { forkChild, nextMessage, startEmulatorProcess } from './emulator-process.ts';
import { generateFleet } from './fleet-gen.ts';
import { limitGoal } from './goals.ts';
import type { BenchOptions, BenchResult } from './measure.ts';
import type { WatchMemoryLoaded, WatchMemoryResult, WatchMemoryRun } from './watch-memory-child.ts';

/** Name of the row. */
export const WATCH_MEMORY = 'P5 RSS with migrations watched';

/** Migrations watched at once (full run and --quick). */
export const WATCH_COUNT = { full: 200, quick: 100 } as const;

const CHILD = fileURLToPath(new URL('./watch-memory-child.ts', import.meta.url));
const CHILD_SOURCE = 'bench/watch-memory-child.ts';
const SPEED = 5;
const PER_SUBSCRIPTION = 5;
const POLL_SECONDS = 15;
const COALESCE_SECONDS = 10;
/** Polls RSS is sampled over (full run, --quick). */
const SAMPLED_POLLS = { full: 3, quick: 2 } as const;
const RUN_TIMEOUT_MS = 240_000;

/** The Node flags of `npm start` (package.json "start": `node <flags> bin/start-bot.mjs`). */
export function startNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts?: Record<string, string> };
  return (pkg.scripts?.start ?? '').split(/\s+/).filter((arg) => arg.startsWith('--'));
}

/** P5: peak RSS of the NetPilot child with `count` migrations watched; goal <= 200 MB. */
export async function benchWatchMemory(options: BenchOptions): Promise<BenchResult> {
  const count = options.quick ? WATCH_COUNT.quick : WATCH_COUNT.full;
  const subscriptions = Math.ceil(count / PER_SUBSCRIPTION);
  // Skipped with --quick (a child process more under tsx costs seconds).
  const flags = startNodeFlags();
  const tsxLoadedRss = options.quick ? 0 : await loadedUnderTsx(flags);
  const child = await ensureBundle('bench-p5', 'watch-memory-child', CHILD_SOURCE);
  const emulator = await startEmulatorProcess({ emulator: { fleet: generateFleet(count, subscriptions, 'aks-legacy'), speed: SPEED }, connector: true });
  const netpilot = forkChild(fileURLToPath(child.url), false, flags);
  try {
    const answer = nextMessage(netpilot.child, 'P5 NetPilot child', (m) => ((m as WatchMemoryResult).type === 'result' ? (m as WatchMemoryResult) : undefined), RUN_TIMEOUT_MS);
    const pollMs = (POLL_SECONDS * 1000) / SPEED;
    netpilot.child.send({
      type: 'run', emulatorUrl: emulator.url, caPem: emulator.caPem, connectorUrl: emulator.connectorUrl ?? '', count, subscriptions,
      pollMs, coalesceSeconds: COALESCE_SECONDS / SPEED, sampleMs: (options.quick ? SAMPLED_POLLS.quick : SAMPLED_POLLS.full) * pollMs,
    } satisfies WatchMemoryRun);
    const r = await answer;
    const emulatorRss = await emulator.rss();
    const mb = (b: number) => b / 1024 / 1024;
    const watched = Math.min(r.running, r.watched);
    return {
      name: WATCH_MEMORY, unit: 'migrations', iterations: 1, opsPerIteration: count, p50Ms: r.startedMs, p95Ms: r.startedMs, maxMs: r.startedMs, meanMs: r.startedMs,
      throughputPerSecond: count / (r.startedMs / 1000),
      figures: {
        migrations: count, watched, running: r.running, rssMb: Math.round(mb(r.rssPeak)), rssBeforeMb: Math.round(mb(r.rssBefore)),
        rssGrowthMb: Math.round(mb(r.rssPeak - r.rssBefore)), heapUsedMb: Math.round(mb(r.heapUsed)), emulatorRssMb: Math.round(mb(emulatorRss)),
        loadedRssMb: Math.round(mb(r.rssLoaded)), ...(tsxLoadedRss > 0 ? { tsxLoadedRssMb: Math.round(mb(tsxLoadedRss)) } : {}), bundleBuildMs: Math.round(child.builtMs),
      },
      notes: [
        `${watched}/${count} watched at once (NetPilot alone in a child process${flags.length > 0 ? `, node ${flags.join(' ')} as npm start` : ''})`,
        `peak RSS ${mb(r.rssPeak).toFixed(0)} MB (${mb(r.rssBefore).toFixed(0)} MB before the migrations); emulator + connector process ${mb(emulatorRss).toFixed(0)} MB (info)`,
        `modules loaded: ${mb(r.rssLoaded).toFixed(0)} MB bundled, ${tsxLoadedRss > 0 ? `${mb(tsxLoadedRss).toFixed(0)} MB` : 'not measured with --quick'} under tsx (info: npm start falls back to tsx when dist/bot/ is stale)${child.builtMs > 0 ? `; bundle built first (${(child.builtMs / 1000).toFixed(1)} s)` : ''}`,
      ],
      flags: watched < count ? [`only ${watched} of ${count} migrations were watched when RSS was sampled (${r.running} running in the store)`] : [],
      goals: [limitGoal(`P5 RSS with ${count} migrations watched / 200 MB`, mb(r.rssPeak), 200, 'max',
        `peak RSS ${mb(r.rssPeak).toFixed(0)} MB of the bundled NetPilot process (${mb(r.rssBefore).toFixed(0)} MB before the migrations${tsxLoadedRss > 0 ? `; ${mb(tsxLoadedRss).toFixed(0)} MB loaded under tsx` : ''}), ${watched} watched at once`)],
    };
  } finally {
    await netpilot.kill();
    await emulator.stop();
  }
}

/** RSS of the NetPilot child under tsx with its modules loaded (nothing run). */
async function loadedUnderTsx(flags: readonly string[]): Promise<number> {
  const forked = forkChild(CHILD, true, flags);
  try {
    const answer = nextMessage(forked.child, 'P5 NetPilot child under tsx', (m) => ((m as WatchMemoryLoaded).type === 'loaded' ? (m as WatchMemoryLoaded) : undefined));
    forked.child.send({ type: 'loaded' } satisfies WatchMemoryLoaded);
    return (await answer).rss ?? 0;
  } finally {
    await forked.kill();
  }
}
