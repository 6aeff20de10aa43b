// Benchmark 2: runPreflight on the synthetic large cluster (both targets per iteration).
import { TARGETS } from '../services/cluster/types.ts';
import { runPreflight } from '../services/preflight/run-preflight.ts';
import { buildLargeCluster, loadDemoFleet, sizeOf } from './fixtures.ts';
import { counts, measure, type BenchOptions, type BenchResult } from './measure.ts';

/** Name of this benchmark in the table and the JSON line. */
export const PREFLIGHT_LARGE = 'preflight: large cluster';

/** Times overlay + cilium preflights of a 100-pool, 2,000-node, 500-policy, 50-peering cluster. */
export async function benchPreflightLarge(options: BenchOptions): Promise<BenchResult> {
  const large = buildLargeCluster(loadDemoFleet());
  const size = sizeOf(large);
  let findings = 0;
  const timing = await measure(() => {
    findings = 0;
    for (const target of TARGETS) findings += runPreflight(large, target).findings.length;
  }, { ...counts(options, { warmup: 5, iterations: 50 }, { warmup: 1, iterations: 3 }), opsPerIteration: TARGETS.length });
  return {
    name: PREFLIGHT_LARGE, unit: 'reports', ...timing,
    figures: { ...size, findings },
    notes: [`${size.pools} pools, ${size.nodes} nodes, ${size.networkPolicies} policies, ${size.peerings} peerings; ${findings} findings`],
    flags: [],
  };
}
