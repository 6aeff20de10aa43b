// overlay-pod-cidr-invalid: the pod CIDR must be a canonical IPv4 CIDR of /24 or larger; a kubenet
// pod CIDR given must contain the existing one.
import type { CheckDefinition } from '../types.ts';
import { podCidrUseOf } from '../pod-cidr.ts';
import { msg } from '../messages.ts';

/** Blocks an unusable pod CIDR (syntax, host bits, prefix > /24, kubenet containment). */
export const overlayPodCidrInvalid: CheckDefinition = {
  id: 'overlay-pod-cidr-invalid',
  severity: 'blocker',
  target: 'overlay',
  needs: [],
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  evaluate(snapshot, ctx) {
    const use = podCidrUseOf(snapshot, ctx);
    switch (use.kind) {
      case 'not-used':
      case 'missing':
        return { status: 'not-applicable', reason: 'no pod CIDR to check' };
      case 'unknown-kept':
        return {
          status: 'unverified',
          missing: msg('overlay-pod-cidr-invalid.unknown-kept', { cluster: snapshot.cluster.name }),
          hint: msg('grant.reader-or-cidr', { scope: snapshot.cluster.id }),
        };
      case 'invalid':
        return {
          status: 'fail',
          detail: msg('overlay-pod-cidr-invalid.fail', { cidr: use.cidr, problem: use.problem }),
          remediation: ctx.suggestedPodCidr ? msg('overlay-pod-cidr-invalid.fail.fix', { suggested: ctx.suggestedPodCidr }) : undefined,
        };
      case 'valid':
        return { status: 'pass' };
    }
  },
};
