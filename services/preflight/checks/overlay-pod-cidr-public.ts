// overlay-pod-cidr-public: public pod CIDRs work but are unsupported.
import type { CheckDefinition } from '../types.ts';
import { isPrivateRange, reservedOverlaps } from '../cidr.ts';
import { podCidrUseOf } from '../pod-cidr.ts';
import { msg } from '../messages.ts';

/** Warns when the pod CIDR lies outside RFC 1918 and 100.64.0.0/10 (reserved ranges excepted). */
export const overlayPodCidrPublic: CheckDefinition = {
  id: 'overlay-pod-cidr-public',
  severity: 'warning',
  target: 'overlay',
  needs: [],
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  evaluate(snapshot, ctx) {
    const use = podCidrUseOf(snapshot, ctx);
    if (use.kind !== 'valid') return { status: 'not-applicable', reason: 'no valid pod CIDR to check' };
    if (reservedOverlaps(use.cidr).length > 0) return { status: 'not-applicable', reason: 'reserved ranges are reported by overlay-pod-cidr-reserved' };
    if (isPrivateRange(use.cidr)) return { status: 'pass' };
    return {
      status: 'fail',
      detail: msg('overlay-pod-cidr-public.fail', { cidr: use.cidr }),
      remediation: msg('overlay-pod-cidr-public.fail.fix', { suggested: ctx.suggestedPodCidr ?? 'none' }),
    };
  },
};
