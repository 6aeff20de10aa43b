// simultaneous-reimage: every pool is reimaged at once; say how many nodes, how, and how long.
import type { CheckDefinition } from '../types.ts';
import { reimageEstimate } from '../facts.ts';

/** Warns, in ready reports only, that all nodes of all pools are reimaged at the same time. */
export const simultaneousReimage: CheckDefinition = {
  id: 'simultaneous-reimage',
  title: 'All node pools are reimaged at the same time',
  severity: 'warning',
  target: 'both',
  needs: ['ARM'],
  remediation: 'Plan a maintenance window for the estimated duration, make sure workloads tolerate node drains (PodDisruptionBudgets that allow a disruption, more than one replica), and tell the owners of the cluster. The change cannot be undone.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  dependsOnVerdict: true,
  evaluate(snapshot, ctx) {
    if (ctx.verdictSoFar !== 'ready') return { status: 'not-applicable', reason: 'only stated in ready reports' };
    const estimate = reimageEstimate(snapshot);
    const perPool = estimate.pools.map((p) => `${p.pool}: ${p.nodes} node(s), max surge ${p.surgeSource} (${p.surge} at a time)`);
    return {
      status: 'fail',
      detail: `All ${estimate.nodes} node(s) in ${estimate.pools.length} pool(s) of ${snapshot.cluster.name} are reimaged at once, not pool by pool: ${perPool.join('; ')}. Estimated duration: about ${estimate.minutes} minutes (${estimate.minutesPerBatch} minutes per surge batch; pools run in parallel). The migration is irreversible.`,
    };
  },
};
