// Benchmark 3: suggestPodCidr on the large cluster (the free-block search over 50 peered spaces).
import { suggestPodCidr } from '../services/preflight/pod-cidr.ts';
import { buildLargeCluster, loadDemoFleet } from './fixtures.ts';
import { counts, measure, type BenchOptions, type BenchResult } from './measure.ts';

/** Name of this benchmark in the table and the JSON line. */
export const POD_CIDR = 'suggestPodCidr: large cluster';

/** Times one overlay pod CIDR suggestion per iteration; flags a run that finds none. */
export async function benchPodCidr(options: BenchOptions): Promise<BenchResult> {
  const large = buildLargeCluster(loadDemoFleet());
  let suggestion: string | undefined;
  const timing = await measure(() => {
    suggestion = suggestPodCidr(large, 'overlay');
  }, counts(options, { warmup: 10, iterations: 200 }, { warmup: 1, iterations: 5 }));
  const prefix = suggestion ? Number(suggestion.split('/')[1]) : 0;
  return {
    name: POD_CIDR, unit: 'suggestions', ...timing,
    figures: { suggestedPrefix: prefix },
    notes: [`suggested ${suggestion ?? 'none'}`],
    flags: suggestion ? [] : ['no pod CIDR suggested for the large cluster'],
  };
}
