// CLI start: `netpilot preflight aks-legacy` spawned as a user runs it (node bin/netpilot.mjs) against
// an emulator that already runs (NETPILOT_EMULATOR_URL); measured from spawn to the first request the
// emulator receives. Goal: <= 1 s (`az` takes about 1-2 s). A missing or stale bundle (dist/cli/) is
// built first, untimed, and the note says so.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmulator } from '../emulator/index.ts';
import { ensureCliBundle } from './bundles.ts';
import { limitGoal } from './goals.ts';
import { counts, summarise, type BenchOptions, type BenchResult } from './measure.ts';

/** Name of this benchmark in the table and the JSON line. */
export const CLI_START = 'CLI start to first request';
/** The goal, in ms. */
export const CLI_START_GOAL_MS = 1000;
const BIN = resolve(import.meta.dirname, '../bin/netpilot.mjs');

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number | null> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, args, { env, cwd, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); done(code); });
  });
}

/** Spawn-to-first-request times (ms) of the CLI. */
export async function benchCliStart(options: BenchOptions): Promise<BenchResult> {
  // bin/netpilot.mjs runs the bundle only while it is fresh: build it first (as `npm ci` does), so the
  // figure is the start users get, not TypeScript compiled through tsx.
  const cli = await ensureCliBundle();
  const dataDir = mkdtempSync(join(tmpdir(), 'netpilot-bench-cli-'));
  const emulator = await startEmulator({ dataDir, speed: 20 });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, NETPILOT_EMULATOR_URL: emulator.url, NETPILOT_DATA_DIR: dataDir };
  try {
    const { warmup, iterations } = counts(options, { warmup: 1, iterations: 5 }, { warmup: 1, iterations: 2 });
    const samples: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < warmup + iterations; i += 1) {
      // Same-moment anchor: a bare `node -e ""` start and exit (what any Node CLI pays first).
      const nodeStart = Date.now();
      await run(['-e', ''], env, dataDir);
      if (i >= warmup) bare.push(Date.now() - nodeStart);
      const mark = emulator.requests().length;
      const spawned = Date.now();
      const code = await run([BIN, 'preflight', 'aks-legacy', '--target', 'overlay', '--pod-cidr', '192.168.0.0/16', '--json'], env, dataDir);
      const first = emulator.requests()[mark];
      if (code !== 0 || !first) throw new Error(`netpilot preflight exited ${code} after ${emulator.requests().length - mark} requests`);
      if (i >= warmup) samples.push(Date.parse(first.time) - spawned);
    }
    const timing = summarise(samples);
    const nodeP50 = summarise(bare).p50Ms;
    return {
      name: CLI_START, unit: 'starts', ...timing,
      figures: { startP50Ms: timing.p50Ms, goalMs: CLI_START_GOAL_MS, bareNodeP50Ms: nodeP50, bundled: 1, bundleBuildMs: Math.round(cli.builtMs) },
      notes: [`spawn to first request p50 ${timing.p50Ms.toFixed(0)} ms (goal ${CLI_START_GOAL_MS} ms; bare node ${nodeP50.toFixed(0)} ms; bundle ${cli.builtMs > 0 ? `was stale: built first (${(cli.builtMs / 1000).toFixed(1)} s, not timed)` : 'fresh'})`],
      flags: [], goals: [limitGoal('CLI start to first request / 1 s', timing.p50Ms, CLI_START_GOAL_MS, 'max', `p50 ${timing.p50Ms.toFixed(0)} ms / ${CLI_START_GOAL_MS} ms`)],
    };
  } finally {
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
