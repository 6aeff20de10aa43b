// simultaneous-reimage: every pool is reimaged at once; say how many nodes, how, and how long.
import type { CheckDefinition } from '../types.ts';
import { poolCapacity } from '../facts.ts';
import { msg } from '../messages.ts';

/** Rough minutes per surge batch (drain + reimage + ready) used for the estimate. */
const MINUTES_PER_BATCH = 5;

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
    // Surge during the reimage is taken from the current node count, not the autoscaler maximum.
    const pools = snapshot.agentPools.map((p) => ({ p, cap: poolCapacity({ ...p, enableAutoScaling: false }) }));
    const nodes = pools.reduce((n, { p }) => n + (p.count ?? 0), 0);
    const perPool = pools.map(({ p, cap }) => {
      const count = p.count ?? 0;
      const surge = Math.max(1, Math.min(count || 1, cap.surge));
      return {
        text: msg('simultaneous-reimage.pool', { pool: p.name, count, surgeSource: cap.surgeSource, surge }),
        batches: Math.ceil(count / surge),
      };
    });
    const minutes = MINUTES_PER_BATCH * Math.max(1, ...perPool.map((x) => x.batches));
    return {
      status: 'fail',
      detail: msg('simultaneous-reimage.fail', {
        cluster: snapshot.cluster.name, nodes, pools: pools.length, perPool: perPool.map((x) => x.text), minutes, perBatch: MINUTES_PER_BATCH,
      }),
    };
  },
};
