// Output of `npm run bench`: a readable table for people and one `BENCH_JSON {...}` line for machines.
import type { Goal } from './goals.ts';
import type { BenchResult } from './measure.ts';

/** Prefix of the machine-readable line. */
export const JSON_PREFIX = 'BENCH_JSON ';

/** The machine-readable summary of one run. */
export interface BenchReport {
  quick: boolean;
  node: string;
  platform: string;
  cpus: number;
  startedAt: string;
  totalMs: number;
  results: BenchResult[];
  /** Every violated limit, prefixed with its benchmark's name; empty when all held. */
  flags: string[];
  /** Every headline ratio with its goal (from the results' `goals`), in run order. */
  goals: Goal[];
}

function ms(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

function rate(value: number, unit: string): string {
  const shown = value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
  return `${shown} ${unit}/s`;
}

function pad(cells: string[], widths: number[], right: boolean[]): string {
  return cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
}

/** The table: name, iterations, p50/p95/max per iteration, throughput, figures; flagged rows marked `!`. */
export function formatTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'iter', 'ops/iter', 'p50 ms', 'p95 ms', 'max ms', 'throughput', 'figures'];
  const right = [false, true, true, true, true, true, true, false];
  const rows = results.map((r) => [
    `${r.flags.length > 0 ? '! ' : '  '}${r.name}`, String(r.iterations), String(r.opsPerIteration),
    ms(r.p50Ms), ms(r.p95Ms), ms(r.maxMs), rate(r.throughputPerSecond, r.unit), r.notes.join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = widths.map((w) => '-'.repeat(w)).join('  ');
  return [pad(header, widths, right), line, ...rows.map((row) => pad(row, widths, right))].join('\n');
}

/** The limits section under the table. */
export function formatFlags(flags: readonly string[]): string {
  if (flags.length === 0) return 'limits: all respected (card < 80 KB, round trips within the Teams 15 s turn budget)';
  return ['limits VIOLATED:', ...flags.map((f) => `  ! ${f}`)].join('\n');
}

/** The `BENCH_JSON {...}` line (numbers rounded to microseconds). */
export function formatJsonLine(report: BenchReport): string {
  const round = (_key: string, value: unknown): unknown =>
    typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
  return `${JSON_PREFIX}${JSON.stringify(report, round)}`;
}
