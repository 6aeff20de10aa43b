// P1: one `check aks-legacy` (resolve through the warm directory, fresh snapshot, preflight) against an
// emulator that adds L ms to every answer; anchor = 3 dependent round trips (3L): cluster; then pools,
// VNet and credential; then the Kubernetes lists. Also counts the Azure calls one check makes (goal 8).
import { performance } from 'node:perf_hooks';
import { runPreflight } from '../services/preflight/run-preflight.ts';
import { startAzureRig } from './azure-rig.ts';
import { goal, limitGoal, type Goal } from './goals.ts';
import { counts, summarise, type BenchOptions, type BenchResult } from './measure.ts';

/** Name of this benchmark in the table and the JSON line. */
export const PREFLIGHT_LATENCY = 'P1 check latency vs 3 round trips';

/** Injected latencies (ms). */
export const LATENCIES = [0, 50, 100] as const;
/** Azure calls one check needs (issue #13): cluster, pools, credential, VNet, 4 Kubernetes lists. */
export const CHECK_CALLS = 8;

/** Wall time of one check per latency; goals wall/(3L) <= 1.2 and calls <= 8. */
export async function benchPreflightLatency(options: BenchOptions): Promise<BenchResult> {
  const { warmup, iterations } = counts(options, { warmup: 8, iterations: 10 }, { warmup: 3, iterations: 3 });
  const figures: Record<string, number> = {};
  const goals: Goal[] = [];
  const all: number[] = [];
  let calls = 0;
  // One emulator child per latency, started together (a child takes a few seconds to load); measured
  // one after the other, the idle ones waiting.
  const started = await Promise.allSettled(LATENCIES.map((latencyMs) => startAzureRig({ speed: 20, faults: { latencyMs } })));
  const rigs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  try {
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    for (const [k, latencyMs] of LATENCIES.entries()) {
      const rig = rigs[k];
      const check = async () => {
        const found = await rig.directory.resolve({ name: 'aks-legacy' });
        if (found.kind !== 'found') throw new Error(`aks-legacy: ${found.kind}`);
        const snapshot = await rig.directory.snapshot(found.ref, { fresh: true });
        if (snapshot.unavailable.length > 0) throw new Error(`snapshot unavailable: ${snapshot.unavailable.map((u) => u.section).join(', ')}`);
        return runPreflight(snapshot, 'overlay', { podCidr: '192.168.0.0/16' });
      };
      // Warms the directory (cluster list), the connections and the JIT.
      for (let i = 0; i < warmup; i += 1) await check();
      const samples: number[] = [];
      for (let i = 0; i < iterations; i += 1) {
        const mark = await rig.mark();
        const start = performance.now();
        await check();
        samples.push(performance.now() - start);
        const served = await rig.since(mark);
        calls = served.arm + served.kube;
      }
      all.push(...samples);
      const p50 = summarise(samples).p50Ms;
      figures[`wallP50MsL${latencyMs}`] = Number(p50.toFixed(1));
      if (latencyMs > 0) goals.push(goal(`P1 check wall / 3L, L=${latencyMs} ms`, p50, 3 * latencyMs, 'max', 1.2, `wall p50 ${p50.toFixed(0)} ms / 3L ${3 * latencyMs} ms`));
    }
  } finally {
    await Promise.all(rigs.map((r) => r.stop()));
  }
  figures.azureCallsPerCheck = calls;
  goals.push(limitGoal('check aks-legacy Azure calls / 8', calls, CHECK_CALLS, 'max', `${calls} calls (was 13) / 8 needed`));
  return {
    name: PREFLIGHT_LATENCY, unit: 'checks', ...summarise(all), figures,
    notes: [LATENCIES.map((l) => `L=${l}: ${figures[`wallP50MsL${l}`]} ms`).join(', '), `${calls} Azure calls/check`],
    flags: [], goals,
  };
}
