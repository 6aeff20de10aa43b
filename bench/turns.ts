// P2: turns per second and p99 of NetPilot `help` and `check aks-legacy` against a bare botbuilder
// echo bot started here (same CloudAdapter authentication, same local connector), one at a time and
// 16 at once. A turn = POST /api/messages until its reply reaches the connector.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { createLogger } from '../bot/logger.ts';
import { startNetPilot } from '../bot/start.ts';
import { loadConfig } from '../services/config.ts';
import { roundTrip } from './bot-round-trip.ts';
import { startConnectorRecorder, type ConnectorRecorder } from './connector-recorder.ts';
import { startEchoBot } from './echo-bot.ts';
import { goal, type Goal } from './goals.ts';
import { percentile, summarise, type BenchOptions, type BenchResult } from './measure.ts';

/** Name of this benchmark in the table and the JSON line. */
export const TURNS = 'P2 turns vs echo bot';

/** Concurrency levels measured. */
export const CONCURRENCY = [1, 16] as const;

interface Run { perSecond: number; p99: number; samples: number[]; wallMs: number }

/** Rounds each measurement is split into (interleaved between the bots). */
const ROUNDS = 4;

/** Runs of one bot taken together: turns over the summed wall time, p99 over every sample. */
function merge(runs: readonly Run[]): Run {
  const samples = runs.flatMap((r) => r.samples);
  const wallMs = runs.reduce((t, r) => t + r.wallMs, 0);
  return { samples, wallMs, perSecond: (samples.length * 1000) / wallMs, p99: percentile(samples, 99) };
}

/** `total` turns of `text`, `concurrency` in flight; throughput over the wall time of all of them. */
async function drive(botUrl: string, connector: ConnectorRecorder, text: string, concurrency: number, total: number): Promise<Run> {
  const samples: number[] = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next += 1;
      samples.push((await roundTrip(botUrl, connector, text))[0]);
    }
  }));
  const wall = performance.now() - start;
  return { perSecond: (samples.length * 1000) / wall, p99: percentile(samples, 99), samples, wallMs: wall };
}

/** Throughput and p99 goals: help >= 0.8 of echo, help p99 <= 2x echo p99 (check: reported, no goal). */
export async function benchTurns(options: BenchOptions): Promise<BenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'netpilot-bench-turns-'));
  const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  const config = loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_PLAYGROUND: '0' }, { cwd: dataDir, defaultEmulatorSpeed: 20 });
  const connector = await startConnectorRecorder();
  const app = await startNetPilot(config, { logger, port: 0 });
  const echo = await startEchoBot(config);
  const turns = options.quick ? { 1: 40, 16: 160 } : { 1: 300, 16: 1200 };
  const figures: Record<string, number> = {};
  const goals: Goal[] = [];
  const all: number[] = [];
  try {
    // Warm-up: connections, JIT, the cluster directory (a chat's first check lists the subscriptions).
    for (const [url, text] of [[echo.url, 'hi'], [app.botUrl, 'help'], [app.botUrl, 'check aks-legacy']] as const) {
      for (let i = 0; i < 20; i += 1) await roundTrip(url, connector, text);
    }
    for (const c of CONCURRENCY) {
      const n = turns[c];
      // Interleaved rounds (echo, help, check, echo, ...): load from elsewhere on the machine hits all alike.
      const runs = { e: [] as Run[], h: [] as Run[], k: [] as Run[] };
      for (let round = 0; round < ROUNDS; round += 1) {
        runs.e.push(await drive(echo.url, connector, 'hi', c, n / ROUNDS));
        runs.h.push(await drive(app.botUrl, connector, 'help', c, n / ROUNDS));
        runs.k.push(await drive(app.botUrl, connector, 'check aks-legacy', c, Math.max(c, Math.round(n / ROUNDS / 3))));
      }
      const [e, h, k] = [merge(runs.e), merge(runs.h), merge(runs.k)];
      all.push(...h.samples);
      Object.assign(figures, {
        [`echoPerSecondC${c}`]: Math.round(e.perSecond), [`echoP99MsC${c}`]: Number(e.p99.toFixed(1)),
        [`helpPerSecondC${c}`]: Math.round(h.perSecond), [`helpP99MsC${c}`]: Number(h.p99.toFixed(1)),
        [`checkPerSecondC${c}`]: Math.round(k.perSecond), [`checkP99MsC${c}`]: Number(k.p99.toFixed(1)),
      });
      goals.push(
        goal(`P2 help turns/s / echo, c=${c}`, h.perSecond, e.perSecond, 'min', 0.8, `help ${h.perSecond.toFixed(0)}/s vs echo ${e.perSecond.toFixed(0)}/s`),
        goal(`P2 help p99 / echo p99, c=${c}`, h.p99, e.p99, 'max', 2, `help p99 ${h.p99.toFixed(1)} ms vs echo ${e.p99.toFixed(1)} ms`),
        goal(`P2 check turns/s / echo, c=${c} (info)`, k.perSecond, e.perSecond, 'min', 0, `check ${k.perSecond.toFixed(0)}/s, p99 ${k.p99.toFixed(0)} ms`),
      );
    }
  } finally {
    await echo.stop();
    await app.stop();
    await connector.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    name: TURNS, unit: 'turns', ...summarise(all), figures,
    notes: CONCURRENCY.map((c) => `c=${c}: help ${figures[`helpPerSecondC${c}`]}/s, echo ${figures[`echoPerSecondC${c}`]}/s, check ${figures[`checkPerSecondC${c}`]}/s`),
    flags: [], goals,
  };
}
