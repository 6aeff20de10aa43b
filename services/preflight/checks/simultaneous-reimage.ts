// simultaneous-reimage: every pool is reimaged at once; say how many nodes, how, and how long.
import type { CheckDefinition } from '../types.ts';
import { reimageEstimate } from '../facts.ts';
import { msg } from '../messages.ts';

/** Warns, in ready reports only, that all nodes of all pools are reimaged at the same time. */
export const simultaneousReimage: CheckDefinition = {
  id: 'simultaneous-reimage',
  severity: 'warning',
  target: 'both',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  dependsOnVerdict: true,
  evaluate(snapshot, ctx) {
    if (ctx.verdictSoFar !== 'ready') return { status: 'not-applicable', reason: 'only stated in ready reports' };
    const estimate = reimageEstimate(snapshot);
    return {
      status: 'fail',
      detail: msg('simultaneous-reimage.fail', {
        cluster: snapshot.cluster.name, nodes: estimate.nodes, pools: estimate.pools.length, minutes: estimate.minutes, perBatch: estimate.minutesPerBatch,
        perPool: estimate.pools.map((p) => msg('simultaneous-reimage.pool', { pool: p.pool, count: p.nodes, surgeSource: p.surgeSource, surge: p.surge })),
      }),
    };
  },
};
