// Timing core of `npm run bench`: warm-up, N timed iterations, nearest-rank percentiles and
// throughput. Wall-clock (performance.now); every loop is bounded by its iteration count.
import { performance } from 'node:perf_hooks';
import type { Goal } from './goals.ts';

/** How one benchmark is run: `opsPerIteration` operations happen in each timed call. */
export interface MeasureOptions {
  warmup: number;
  iterations: number;
  opsPerIteration?: number;
}

/** Timing figures of one benchmark, in milliseconds per iteration. */
export interface Timing {
  iterations: number;
  opsPerIteration: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanMs: number;
  /** Operations per second over the timed iterations. */
  throughputPerSecond: number;
}

/** What every benchmark returns: its timing plus named numeric figures, notes and violated limits. */
export interface BenchResult extends Timing {
  name: string;
  /** What one operation is (e.g. `reports`, `parses`), for the throughput column. */
  unit: string;
  /** Numeric size / count figures (KB, requests, budget), all finite numbers. */
  figures: Record<string, number>;
  /** Human-readable figures for the table. */
  notes: string[];
  /** Hard limits this run broke (card over 80 KB, turn budget exceeded); empty when fine. */
  flags: string[];
  /** Headline ratios to an anchor of the same run, with their goals (goals.ts). */
  goals?: Goal[];
}

/** Iteration counts per benchmark for a full run and for `--quick`. */
export interface BenchOptions {
  quick: boolean;
}

/** Nearest-rank percentile `p` (0..100) of `samples`; 0 for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Summarises raw per-iteration samples (ms) into a Timing. */
export function summarise(samplesMs: readonly number[], opsPerIteration = 1): Timing {
  const total = samplesMs.reduce((a, b) => a + b, 0);
  const ops = samplesMs.length * opsPerIteration;
  return {
    iterations: samplesMs.length,
    opsPerIteration,
    p50Ms: percentile(samplesMs, 50),
    p95Ms: percentile(samplesMs, 95),
    maxMs: samplesMs.length ? Math.max(...samplesMs) : 0,
    meanMs: samplesMs.length ? total / samplesMs.length : 0,
    throughputPerSecond: total > 0 ? (ops * 1000) / total : 0,
  };
}

/** Runs `fn` `warmup` times untimed, then `iterations` times timed, one call after the other. */
export async function measure(fn: (i: number) => unknown, options: MeasureOptions): Promise<Timing> {
  for (let i = 0; i < options.warmup; i += 1) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < options.iterations; i += 1) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  return summarise(samples, options.opsPerIteration ?? 1);
}

/** Picks the full or the quick iteration count. */
export function counts(options: BenchOptions, full: MeasureOptions, quick: MeasureOptions): MeasureOptions {
  return options.quick ? quick : full;
}
