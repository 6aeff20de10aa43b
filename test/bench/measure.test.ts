// The bench's own arithmetic and output: percentiles, throughput, table, JSON line, large cluster.
import { describe, expect, it } from 'vitest';
import { buildLargeCluster, LARGE_CLUSTER, loadDemoFleet, sizeOf } from '../../bench/fixtures.ts';
import { measure, percentile, summarise, type BenchResult } from '../../bench/measure.ts';
import { formatFlags, formatJsonLine, formatTable, JSON_PREFIX } from '../../bench/report.ts';
import { formatGoals, goal, limitGoal } from '../../bench/goals.ts';
import { garbage } from '../../bench/parser.ts';

describe('percentile and summarise', () => {
  it('uses nearest rank', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile(samples, 10)).toBe(1);
    expect(percentile([], 50)).toBe(0);
  });

  it('computes throughput from ops per iteration and total time', () => {
    const t = summarise([10, 10, 20], 5);
    expect(t.iterations).toBe(3);
    expect(t.maxMs).toBe(20);
    expect(t.meanMs).toBeCloseTo(40 / 3);
    expect(t.throughputPerSecond).toBeCloseTo((15 * 1000) / 40);
  });

  it('runs warm-up calls untimed and exactly N timed calls', async () => {
    const calls: number[] = [];
    const t = await measure((i) => { calls.push(i); }, { warmup: 2, iterations: 4 });
    expect(calls).toEqual([0, 1, 0, 1, 2, 3]);
    expect(t.iterations).toBe(4);
  });
});

const sample: BenchResult = {
  name: 'example', unit: 'ops', iterations: 3, opsPerIteration: 2, p50Ms: 1.5, p95Ms: 2.25, maxMs: 3, meanMs: 2,
  throughputPerSecond: 1000, figures: { sizeKB: 1.234 }, notes: ['size 1.2 KB'], flags: [],
};

describe('report output', () => {
  it('prints a header, a row per result and marks flagged rows', () => {
    const table = formatTable([sample, { ...sample, name: 'bad', flags: ['too big'] }]).split('\n');
    expect(table[0]).toMatch(/^benchmark\s+iter\s+ops\/iter\s+p50 ms\s+p95 ms\s+max ms\s+throughput\s+figures$/);
    expect(table[2]).toMatch(/^ {2}example\s+3\s+2\s+1\.50\s+2\.25\s+3\.00\s+1,000 ops\/s\s+size 1\.2 KB$/);
    expect(table[3].startsWith('! bad')).toBe(true);
    expect(formatFlags([])).toMatch(/all respected/);
    expect(formatFlags(['x: too big'])).toMatch(/VIOLATED[\s\S]*! x: too big/);
  });

  it('writes one parseable JSON line', () => {
    const line = formatJsonLine({ quick: true, node: 'v20', platform: 'p', cpus: 2, startedAt: 't', totalMs: 1.23456, results: [sample], flags: [], goals: [] });
    expect(line.startsWith(JSON_PREFIX)).toBe(true);
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line.slice(JSON_PREFIX.length)) as { totalMs: number; results: BenchResult[] };
    expect(parsed.totalMs).toBe(1.235);
    expect(parsed.results[0].figures.sizeKB).toBe(1.234);
  });
});

describe('bench inputs', () => {
  it('grows aks-legacy to the stated large-cluster sizes, still node-subnet', () => {
    const large = buildLargeCluster(loadDemoFleet());
    expect(sizeOf(large)).toEqual({ ...LARGE_CLUSTER });
    expect(large.derived.mode).toBe('node-subnet');
    expect(new Set(large.agentPools.map((p) => p.name)).size).toBe(LARGE_CLUSTER.pools);
  });

  it('makes 20 KB of garbage', () => {
    const g = garbage();
    expect(Buffer.byteLength(g, 'utf8')).toBeGreaterThanOrEqual(20 * 1024);
    expect(Buffer.byteLength(g, 'utf8')).toBeLessThan(20 * 1024 + 64);
  });
});

describe('goals: ratios to an anchor of the same run', () => {
  it('judges max and min goals, and an absolute limit as a ratio to it', () => {
    const fast = goal('wall/3L', 330, 300, 'max', 1.2, 'd');
    expect(fast).toMatchObject({ ratio: 1.1, holds: true });
    expect(goal('wall/3L', 400, 300, 'max', 1.2, 'd').holds).toBe(false);
    expect(goal('help/echo', 240, 300, 'min', 0.8, 'd')).toMatchObject({ ratio: 0.8, holds: true });
    expect(goal('help/echo', 200, 300, 'min', 0.8, 'd').holds).toBe(false);
    expect(goal('no anchor', 5, 0, 'max', 1.2, 'd').holds).toBe(false);
    expect(limitGoal('rss', 150, 200, 'max', 'd')).toMatchObject({ ratio: 0.75, limit: 1, holds: true });
    const table = formatGoals([fast, goal('help/echo', 200, 300, 'min', 0.8, 'd')]).split('\n');
    expect(table[0]).toMatch(/^goal\s+ratio\s+target\s+holds\s+measured vs anchor$/);
    expect(table[2]).toMatch(/^wall\/3L\s+1\.10\s+<= 1\.2\s+yes\s+d$/);
    expect(table[3]).toMatch(/^help\/echo\s+0\.67\s+>= 0\.8\s+NO\s+d$/);
  });
});
