// overlay-pod-cidr-reserved: AKS-reserved ranges are banned for pod CIDRs.
import type { CheckDefinition } from '../types.ts';
import { reservedOverlaps } from '../cidr.ts';
import { podCidrUseOf } from '../pod-cidr.ts';
import { msg } from '../messages.ts';

/** Blocks a pod CIDR overlapping 169.254.0.0/16, 192.0.2.0/24, 172.30.0.0/16 or 172.31.0.0/16. */
export const overlayPodCidrReserved: CheckDefinition = {
  id: 'overlay-pod-cidr-reserved',
  severity: 'blocker',
  target: 'overlay',
  needs: [],
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-cni-overview',
  evaluate(snapshot, ctx) {
    const use = podCidrUseOf(snapshot, ctx);
    if (use.kind !== 'valid') return { status: 'not-applicable', reason: 'no valid pod CIDR to check' };
    const hits = reservedOverlaps(use.cidr);
    if (hits.length === 0) return { status: 'pass' };
    return {
      status: 'fail',
      detail: msg('overlay-pod-cidr-reserved.fail', { cidr: use.cidr, ranges: hits }),
      remediation: msg('overlay-pod-cidr-reserved.fail.fix', { suggested: ctx.suggestedPodCidr ?? 'none' }),
    };
  },
};
