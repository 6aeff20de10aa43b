// `npm run bench -- --quick` as a smoke test: spawned, so it also proves the process exits by
// itself (every server stopped). Asserts the table, the goals and the JSON line, never timing
// thresholds (whether a goal holds is the bench's verdict, not this test's).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const EXPECTED = [
  'preflight: demo fleet x 2 targets',
  'preflight: large cluster',
  'suggestPodCidr: large cluster',
  'preflight card: large report',
  'collectSnapshot: aks-legacy (emulator)',
  'parseCommand: examples',
  'parseCommand: 20 KB garbage',
  'decide: approval state machine',
  'bot round trip: check aks-legacy',
  'P1 check latency vs 3 round trips',
  'P2 turns vs echo bot',
  'P3 fleet scan vs ARM read budget',
  'P4 watcher cost per migration hour',
  'P5 RSS with migrations watched',
  'CLI start to first request',
];

/** Headline ratios the run must carry, each with its goal (issue #13). */
const GOALS = [
  'P1 check wall / 3L, L=50 ms', 'P1 check wall / 3L, L=100 ms', 'check aks-legacy Azure calls / 8',
  'P2 help turns/s / echo, c=1', 'P2 help p99 / echo p99, c=1', 'P2 help turns/s / echo, c=16', 'P2 help p99 / echo p99, c=16',
  'P3 fleet wall / (ARM calls / allowed rate)', 'P3 fleet ARM calls / needed',
  'P4 ARM reads per migration hour / 240', 'P4 Teams posts / (pools 3 + 3)', 'P4 Teams updates / (1 per 10 s)', 'P5 RSS with 100 migrations watched / 200 MB', 'CLI start to first request / 1 s',
];

const TIMING_FIELDS = ['iterations', 'opsPerIteration', 'p50Ms', 'p95Ms', 'maxMs', 'meanMs', 'throughputPerSecond'] as const;

interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

function runQuick(): Promise<Run> {
  const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['bench/index.ts', '--quick'], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    // Under a minute on an idle 2-core machine; the guard leaves room for a shared, loaded one.
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

type Json = Record<string, unknown>;

describe('npm run bench -- --quick', () => {
  it('prints a row per benchmark and a BENCH_JSON line with numeric figures, then exits by itself', async () => {
    const run = await runQuick();
    // Killed by the guard = a server left running or a hang.
    expect(run.signal, run.stderr).toBeNull();
    // 0 = all limits held, 1 = a limit flagged (the figures decide, not this test); never a crash/usage error.
    expect([0, 1], run.stderr).toContain(run.code);

    const lines = run.stdout.split('\n');
    const header = lines.find((l) => /^benchmark\s+iter\s+ops\/iter\s+p50 ms\s+p95 ms\s+max ms\s+throughput\s+figures$/.test(l));
    expect(header, run.stdout).toBeDefined();
    for (const name of EXPECTED) {
      const row = lines.find((l) => l.slice(2).startsWith(name));
      expect(row, `table row for ${name}`).toBeDefined();
      expect(row).not.toContain('FAILED');
    }
    expect(run.stdout).toMatch(/card \d+(\.\d+)? KB \(limit 80 KB\) (OK|OVER LIMIT)/);
    expect(run.stdout).toMatch(/Teams budget 15 s/);

    const jsonLines = lines.filter((l) => l.startsWith('BENCH_JSON '));
    expect(jsonLines).toHaveLength(1);
    const report = JSON.parse(jsonLines[0].slice('BENCH_JSON '.length)) as Json;
    expect(report.quick).toBe(true);
    expect(typeof report.totalMs).toBe('number');
    const results = report.results as Json[];
    expect(results.map((r) => r.name)).toEqual(EXPECTED);
    for (const r of results) {
      for (const field of TIMING_FIELDS) {
        expect(typeof r[field], `${String(r.name)}.${field}`).toBe('number');
        expect(Number.isFinite(r[field] as number)).toBe(true);
      }
      expect(r.iterations as number).toBeGreaterThan(0);
      expect(r.p95Ms as number).toBeGreaterThanOrEqual(r.p50Ms as number);
      expect(r.maxMs as number).toBeGreaterThanOrEqual(r.p95Ms as number);
      const figures = r.figures as Json;
      expect(Object.keys(figures).length, `${String(r.name)} has figures`).toBeGreaterThan(0);
      for (const [k, v] of Object.entries(figures)) expect(Number.isFinite(v), `${String(r.name)}.figures.${k}`).toBe(true);
      expect((r.flags as string[]).filter((f) => f.startsWith('benchmark failed'))).toEqual([]);
    }
    const byName = new Map(results.map((r) => [r.name, r.figures as Json]));
    expect(byName.get('preflight: large cluster')).toMatchObject({ pools: 100, nodes: 2000, networkPolicies: 500, peerings: 50 });
    expect(byName.get('preflight card: large report')).toMatchObject({ cardLimitKB: 80 });
    expect(byName.get('bot round trip: check aks-legacy')).toMatchObject({ budgetMs: 15_000 });
    expect(byName.get('collectSnapshot: aks-legacy (emulator)')?.requestsPerSnapshot as number).toBeGreaterThan(0);
    expect(byName.get('parseCommand: 20 KB garbage')?.inputKB).toBe(20);
    // The exit status agrees with the flags the report carries.
    expect(run.code).toBe((report.flags as string[]).length > 0 ? 1 : 0);

    // Every headline ratio, with its goal and verdict, in the table and in the JSON line.
    const goals = report.goals as Json[];
    expect(goals.map((g) => g.id)).toEqual(expect.arrayContaining(GOALS));
    for (const g of goals) {
      expect(Number.isFinite(g.ratio as number), String(g.id)).toBe(true);
      expect(typeof g.holds).toBe('boolean');
      expect(['max', 'min']).toContain(g.direction);
      const row = lines.find((l) => l.startsWith(String(g.id)));
      expect(row, `goal row ${String(g.id)}`).toMatch(g.holds ? /\syes\s/ : /\sNO\s/);
      // A missed goal is a flag (exit status 1).
      if (!g.holds) expect((report.flags as string[]).some((f) => f.includes(`goal missed: ${String(g.id)}`))).toBe(true);
    }
    expect(byName.get('P1 check latency vs 3 round trips')?.azureCallsPerCheck).toBe(8);
    expect(byName.get('P3 fleet scan vs ARM read budget')).toMatchObject({ clusters: 100, subscriptions: 10 });
    // P5 runs NetPilot and the emulator in child processes of their own, and reports both.
    expect(byName.get('P5 RSS with migrations watched')).toMatchObject({ migrations: 100 });
    expect(byName.get('P5 RSS with migrations watched')?.emulatorRssMb as number).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/^total \d+\.\d s of benchmarks, \d+\.\d s since the process started/m);
  }, 250_000);
});
