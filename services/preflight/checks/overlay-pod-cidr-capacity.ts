// overlay-pod-cidr-capacity: one /24 per node; count autoscaler maxCount and surge nodes.
import type { CheckDefinition } from '../types.ts';
import { nodeBlocks, prefixForNodes } from '../cidr.ts';
import { poolCapacity } from '../facts.ts';
import { podCidrUseOf } from '../pod-cidr.ts';

/** Blocks a pod CIDR with fewer /24 blocks than the nodes the cluster may reach. */
export const overlayPodCidrCapacity: CheckDefinition = {
  id: 'overlay-pod-cidr-capacity',
  title: 'The pod CIDR has a /24 for every node',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  remediation: 'Choose a larger pod CIDR (shorter prefix): each node takes one /24, including autoscaler maximums and surge nodes.',
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
      detail: `Pod CIDR ${use.cidr} holds ${blocks} /24 node block(s), but the cluster may reach ${nodes} node(s): ${caps.map((c) => `${c.pool} ${c.nodes} + ${c.surge} surge (${c.surgeSource})`).join('; ')}.`,
      remediation: `Use a /${needed} or larger pod CIDR${ctx.suggestedPodCidr ? `, e.g. --pod-cidr ${ctx.suggestedPodCidr}` : ''}, or lower the pools' maxCount / maxSurge (az aks nodepool update ... --max-count N / --max-surge N).`,
    };
  },
};
