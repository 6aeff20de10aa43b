// overlay-pod-cidr-capacity: one /24 per node; count autoscaler maxCount and surge nodes.
import type { CheckDefinition } from '../types.ts';
import { nodeBlocks, prefixForNodes } from '../cidr.ts';
import { poolCapacity } from '../facts.ts';
import { podCidrUseOf } from '../pod-cidr.ts';
import { msg } from '../messages.ts';

/** Blocks a pod CIDR with fewer /24 blocks than the nodes the cluster may reach. */
export const overlayPodCidrCapacity: CheckDefinition = {
  id: 'overlay-pod-cidr-capacity',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  evaluate(snapshot, ctx) {
    const use = podCidrUseOf(snapshot, ctx);
    if (use.kind !== 'valid') return { status: 'not-applicable', reason: 'no valid pod CIDR to check' };
    const caps = snapshot.agentPools.map(poolCapacity);
    const nodes = caps.reduce((n, c) => n + c.nodes + c.surge, 0);
    const blocks = nodeBlocks(use.prefix);
    if (blocks >= nodes) return { status: 'pass' };
    const needed = prefixForNodes(nodes);
    return {
      status: 'fail',
      detail: msg('overlay-pod-cidr-capacity.fail', {
        cidr: use.cidr, blocks, nodes,
        pools: caps.map((c) => msg('overlay-pod-cidr-capacity.pool', { pool: c.pool, nodes: c.nodes, surge: c.surge, surgeSource: c.surgeSource })),
      }),
      remediation: msg('overlay-pod-cidr-capacity.fail.fix', { prefix: needed, suggested: ctx.suggestedPodCidr ?? 'none' }),
    };
  },
};
