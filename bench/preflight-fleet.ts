// Benchmark 1: runPreflight over every demo-fleet cluster and both targets.
import { TARGETS } from '../services/cluster/types.ts';
import { runPreflight } from '../services/preflight/run-preflight.ts';
import { loadDemoFleet } from './fixtures.ts';
import { counts, measure, type BenchOptions, type BenchResult } from './measure.ts';

/** Name of this benchmark in the table and the JSON line. */
export const PREFLIGHT_FLEET = 'preflight: demo fleet x 2 targets';

/** Times one pass over the fleet (clusters x targets reports) per iteration. */
export async function benchPreflightFleet(options: BenchOptions): Promise<BenchResult> {
  const fleet = loadDemoFleet();
  const reports = fleet.length * TARGETS.length;
  let blocked = 0;
  const timing = await measure(() => {
    blocked = 0;
    for (const snapshot of fleet) {
      for (const target of TARGETS) if (runPreflight(snapshot, target).verdict === 'blocked') blocked += 1;
    }
  }, { ...counts(options, { warmup: 20, iterations: 200 }, { warmup: 2, iterations: 5 }), opsPerIteration: reports });
  return {
    name: PREFLIGHT_FLEET, unit: 'reports', ...timing,
    figures: { clusters: fleet.length, reportsPerIteration: reports, blockedReports: blocked },
    notes: [`${fleet.length} clusters, ${reports} reports/iter, ${blocked} blocked`],
    flags: [],
  };
}
