// overlay-pod-cidr-invalid: the pod CIDR must be a canonical IPv4 CIDR of /24 or larger; a kubenet
// pod CIDR given must contain the existing one.
import type { CheckDefinition } from '../types.ts';
import { podCidrUseOf } from '../pod-cidr.ts';

/** Blocks an unusable pod CIDR (syntax, host bits, prefix > /24, kubenet containment). */
export const overlayPodCidrInvalid: CheckDefinition = {
  id: 'overlay-pod-cidr-invalid',
  title: 'The pod CIDR is a valid IPv4 network',
  severity: 'blocker',
  target: 'overlay',
  needs: [],
  remediation: 'Give the network address with a prefix of /24 or shorter, e.g. --pod-cidr 192.168.0.0/16.',
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
          missing: `the current kubenet pod CIDR of cluster ${snapshot.cluster.name} (networkProfile.podCidr is not in the snapshot)`,
          hint: `grant NetPilot the Azure "Reader" role on the cluster (az role assignment create --assignee <netpilot-object-id> --role Reader --scope ${snapshot.cluster.id}), or pass --pod-cidr explicitly`,
        };
      case 'invalid':
        return {
          status: 'fail',
          detail: `Pod CIDR ${use.cidr} cannot be used: ${use.problem}.`,
          remediation: ctx.suggestedPodCidr
            ? `Run the preflight again with --pod-cidr ${ctx.suggestedPodCidr} (or another canonical IPv4 network of /24 or larger).`
            : undefined,
        };
      case 'valid':
        return { status: 'pass' };
    }
  },
};
