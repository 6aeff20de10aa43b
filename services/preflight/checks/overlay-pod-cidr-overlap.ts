// overlay-pod-cidr-overlap: the pod CIDR must not overlap pool VNets, peered spaces or service CIDRs.
import type { CheckDefinition } from '../types.ts';
import { overlapsOf, podCidrUseOf, usedRanges } from '../pod-cidr.ts';
import { msg } from '../messages.ts';

/** Blocks a pod CIDR that overlaps a pool VNet, a peered remote space, or a service CIDR. */
export const overlayPodCidrOverlap: CheckDefinition = {
  id: 'overlay-pod-cidr-overlap',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM', 'NET'],
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
      detail: msg('overlay-pod-cidr-overlap.fail', { cidr: use.cidr, ranges: hits.map((h) => h.label) }),
      remediation: msg('overlay-pod-cidr-overlap.fail.fix', { suggested: ctx.suggestedPodCidr ?? 'none' }),
    };
  },
};
