// The approval service's preflight over live data: collect a fresh snapshot through the cluster
// directory, run the preflight with the request's pod CIDR, return the report and the eTag it saw.
import type { ClusterSnapshot, Target } from '../cluster/types.ts';
import type { PreflightOptions, PreflightReport } from '../preflight/types.ts';
import type { ClusterDirectory } from '../azure/cluster-directory.ts';
import type { PreflightFn } from './service.ts';

/** Runs the preflight over one snapshot (e.g. `runPreflight`). */
export type PreflightRunner = (snapshot: ClusterSnapshot, target: Target, options?: PreflightOptions) => PreflightReport;

/** A `PreflightFn` that reads the cluster again on every call (never a cached snapshot: the eTag it
 * returns is the one the approval compares and the PUT's If-Match carries). */
export function livePreflight(directory: Pick<ClusterDirectory, 'snapshot'>, run: PreflightRunner): PreflightFn {
  return async ({ cluster, target, podCidr }) => {
    const snapshot = await directory.snapshot(cluster, { fresh: true });
    const report = run(snapshot, target, podCidr ? { podCidr } : undefined);
    return { report, eTag: snapshot.cluster.eTag ?? null };
  };
}
