// `npm run bench [-- --quick]`: NetPilot's performance figures. Runs every benchmark (warm-up + N
// timed iterations; `--quick` for a smoke run), prints a table and a final `BENCH_JSON {...}` line.
// Exit status 1 when a benchmark failed or a hard limit (card size, Teams turn budget) was broken.
// Every server it starts listens on 127.0.0.1 and is stopped: the process exits by itself.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { benchBotRoundTrip, BOT_ROUND_TRIP } from './bot-round-trip.ts';
import { benchCliStart, CLI_START } from './cli-start.ts';
import { benchFleetReads, FLEET_READS } from './fleet-reads.ts';
import { formatGoals } from './goals.ts';
import { benchPreflightLatency, PREFLIGHT_LATENCY } from './preflight-latency.ts';
import { benchTurns, TURNS } from './turns.ts';
import { benchWatcherCost, WATCHER_COST } from './watcher-cost.ts';
import { benchWatchMemory, WATCH_MEMORY } from './watch-memory.ts';
import { benchDecide, DECIDE } from './decide.ts';
import type { BenchOptions, BenchResult } from './measure.ts';
import { benchParser, PARSER_EXAMPLES, PARSER_GARBAGE } from './parser.ts';
import { benchPodCidr, POD_CIDR } from './pod-cidr.ts';
import { benchPreflightCard, PREFLIGHT_CARD } from './preflight-card.ts';
import { benchPreflightFleet, PREFLIGHT_FLEET } from './preflight-fleet.ts';
import { benchPreflightLarge, PREFLIGHT_LARGE } from './preflight-large.ts';
import { formatFlags, formatJsonLine, formatTable, type BenchReport } from './report.ts';
import { benchSnapshot, SNAPSHOT } from './snapshot.ts';

/** One entry of the benchmark list: the row names it produces and how to run it. */
interface Benchmark {
  names: readonly string[];
  run(options: BenchOptions): Promise<BenchResult | BenchResult[]>;
}

/** Every benchmark, in the order it runs and prints. */
export const BENCHMARKS: readonly Benchmark[] = [
  { names: [PREFLIGHT_FLEET], run: benchPreflightFleet },
  { names: [PREFLIGHT_LARGE], run: benchPreflightLarge },
  { names: [POD_CIDR], run: benchPodCidr },
  { names: [PREFLIGHT_CARD], run: benchPreflightCard },
  { names: [SNAPSHOT], run: benchSnapshot },
  { names: [PARSER_EXAMPLES, PARSER_GARBAGE], run: benchParser },
  { names: [DECIDE], run: benchDecide },
  { names: [BOT_ROUND_TRIP], run: benchBotRoundTrip },
  { names: [PREFLIGHT_LATENCY], run: benchPreflightLatency },
  { names: [TURNS], run: benchTurns },
  { names: [FLEET_READS], run: benchFleetReads },
  { names: [WATCHER_COST], run: benchWatcherCost },
  { names: [WATCH_MEMORY], run: benchWatchMemory },
  { names: [CLI_START], run: benchCliStart },
];

function failed(name: string, err: unknown): BenchResult {
  const message = err instanceof Error ? err.message : String(err);
  return {
    name, unit: 'ops', iterations: 0, opsPerIteration: 0, p50Ms: 0, p95Ms: 0, maxMs: 0, meanMs: 0, throughputPerSecond: 0,
    figures: {}, notes: [`FAILED: ${message}`], flags: [`benchmark failed: ${message}`],
  };
}

/** Runs every benchmark one after the other; a failing one becomes a flagged row, the rest still run. */
export async function runBenchmarks(options: BenchOptions, progress: (line: string) => void = () => {}, only?: string): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const results: BenchResult[] = [];
  for (const bench of selected(only)) {
    progress(`running ${bench.names.join(' + ')} ...`);
    const began = performance.now();
    try {
      const out = await bench.run(options);
      results.push(...(Array.isArray(out) ? out : [out]));
    } catch (err) {
      results.push(...bench.names.map((n) => failed(n, err)));
    }
    progress(`  ${((performance.now() - began) / 1000).toFixed(1)} s`);
  }
  return {
    quick: options.quick,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: availableParallelism(),
    startedAt,
    totalMs: performance.now() - start,
    results,
    flags: results.flatMap((r) => [
      ...r.flags.map((f) => `${r.name}: ${f}`),
      ...(r.goals ?? []).filter((g) => !g.holds).map((g) => `${r.name}: goal missed: ${g.id} = ${g.ratio.toFixed(2)} (target ${g.direction === 'max' ? '<=' : '>='} ${g.limit}; ${g.detail})`),
    ]),
    goals: results.flatMap((r) => r.goals ?? []),
  };
}

/** Runs only the benchmarks whose names contain `filter` (case-insensitive), e.g. `--only P2`. */
function selected(filter: string | undefined): readonly Benchmark[] {
  if (!filter) return BENCHMARKS;
  return BENCHMARKS.filter((b) => b.names.some((n) => n.toLowerCase().includes(filter.toLowerCase())));
}

/** The command line: `--quick` for few iterations. Sets process.exitCode; never calls process.exit. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  let quick: boolean;
  let only: string | undefined;
  try {
    const { values } = parseArgs({ args: argv, options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } }, strict: true });
    quick = values.quick ?? false;
    only = values.only;
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\nusage: npm run bench [-- --quick] [--only NAME]\n`);
    process.exitCode = 2;
    return;
  }
  const report = await runBenchmarks({ quick }, (line) => process.stderr.write(`${line}\n`), only);
  const out = [
    '',
    `NetPilot benchmarks (${quick ? 'quick' : 'full'}; node ${report.node}, ${report.platform}, ${report.cpus} CPUs; ${(report.totalMs / 1000).toFixed(1)} s)`,
    'p50/p95/max are per iteration; throughput counts operations (ops/iter x iterations) per second.',
    '',
    formatTable(report.results),
    '',
    'Headline ratios (NetPilot / anchor measured in this run):',
    formatGoals(report.goals),
    '',
    formatFlags(report.flags),
    `total ${(report.totalMs / 1000).toFixed(1)} s of benchmarks, ${process.uptime().toFixed(1)} s since the process started (loading included)`,
    formatJsonLine(report),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (report.flags.length > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
