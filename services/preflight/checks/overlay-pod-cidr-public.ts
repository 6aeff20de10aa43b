// overlay-pod-cidr-public: public pod CIDRs work but are unsupported.
import type { CheckDefinition } from '../types.ts';
import { isPrivateRange, reservedOverlaps } from '../cidr.ts';
import { podCidrUseOf } from '../pod-cidr.ts';

/** Warns when the pod CIDR lies outside RFC 1918 and 100.64.0.0/10 (reserved ranges excepted). */
export const overlayPodCidrPublic: CheckDefinition = {
  id: 'overlay-pod-cidr-public',
  title: 'The pod CIDR is a private range',
  severity: 'warning',
  target: 'overlay',
  needs: [],
  remediation: 'Prefer a pod CIDR inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  evaluate(snapshot, ctx) {
    const use = podCidrUseOf(snapshot, ctx);
    if (use.kind !== 'valid') return { status: 'not-applicable', reason: 'no valid pod CIDR to check' };
    if (reservedOverlaps(use.cidr).length > 0) return { status: 'not-applicable', reason: 'reserved ranges are reported by overlay-pod-cidr-reserved' };
    if (isPrivateRange(use.cidr)) return { status: 'pass' };
    return {
      status: 'fail',
      detail: `Pod CIDR ${use.cidr} lies outside RFC 1918 and 100.64.0.0/10: it works, but public pod ranges are unsupported and shadow those public addresses for the pods.`,
      remediation: `Prefer a private pod CIDR${ctx.suggestedPodCidr ? `, e.g. --pod-cidr ${ctx.suggestedPodCidr}` : ''}.`,
    };
  },
};
