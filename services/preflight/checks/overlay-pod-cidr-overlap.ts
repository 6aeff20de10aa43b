// overlay-pod-cidr-overlap: the pod CIDR must not overlap pool VNets, peered spaces or service CIDRs.
import type { CheckDefinition } from '../types.ts';
import { overlapsOf, podCidrUseOf, usedRanges } from '../pod-cidr.ts';

/** Blocks a pod CIDR that overlaps a pool VNet, a peered remote space, or a service CIDR. */
export const overlayPodCidrOverlap: CheckDefinition = {
  id: 'overlay-pod-cidr-overlap',
  title: 'The pod CIDR overlaps no VNet, peering or service CIDR',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM', 'NET'],
  remediation: 'Choose a pod CIDR that overlaps none of the listed ranges; also check on-premises ranges reached over VPN or ExpressRoute, which the preflight cannot see.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  evaluate(snapshot, ctx) {
    const use = podCidrUseOf(snapshot, ctx);
    if (use.kind !== 'valid') return { status: 'not-applicable', reason: 'no valid pod CIDR to check' };
    const used = usedRanges(snapshot);
    if ('unverified' in used) return used.unverified;
    const hits = overlapsOf(use.cidr, used.ranges);
    if (hits.length === 0) return { status: 'pass' };
    return {
      status: 'fail',
      detail: `Pod CIDR ${use.cidr} overlaps: ${hits.map((h) => h.label).join('; ')}.`,
      remediation: `Run the preflight again with a pod CIDR that overlaps none of them${ctx.suggestedPodCidr ? `, e.g. --pod-cidr ${ctx.suggestedPodCidr}` : ''}; also make sure it overlaps no on-premises range reached over VPN or ExpressRoute (not visible to the preflight).`,
    };
  },
};
