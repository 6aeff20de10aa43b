// overlay-pod-cidr-missing: from node-subnet Azure CNI a pod CIDR is required.
import type { CheckDefinition } from '../types.ts';
import { podCidrUseOf } from '../pod-cidr.ts';

/** Blocks a node-subnet -> Overlay run without a pod CIDR; quotes the suggested one. */
export const overlayPodCidrMissing: CheckDefinition = {
  id: 'overlay-pod-cidr-missing',
  title: 'A pod CIDR is given',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  remediation: 'Run the preflight again with --pod-cidr CIDR (a private range that overlaps no VNet, peering or service CIDR).',
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  evaluate(snapshot, ctx) {
    const use = podCidrUseOf(snapshot, ctx);
    if (snapshot.derived.mode !== 'node-subnet') return { status: 'not-applicable', reason: 'only node-subnet Azure CNI needs a new pod CIDR' };
    // An invalid pod CIDR is reported by overlay-pod-cidr-invalid alone (spec/checks.md precise rules).
    if (use.kind === 'invalid') return { status: 'not-applicable', reason: 'the given pod CIDR is invalid (overlay-pod-cidr-invalid)' };
    if (use.kind !== 'missing') return { status: 'pass' };
    const s = ctx.suggestedPodCidr;
    return {
      status: 'fail',
      detail: `Cluster ${snapshot.cluster.name} uses node-subnet Azure CNI, so Overlay needs a new pod CIDR and none was given. ${s
        ? `Suggested: ${s} (private, overlaps no pool VNet, peering or service CIDR, room for the cluster's maximum node count).`
        : 'No suggestion could be computed (the pool VNets could not be read or no private range fits).'}`,
      remediation: s
        ? `Run the preflight again with --pod-cidr ${s} (or another range that passes every pod CIDR check).`
        : 'Run the preflight again with --pod-cidr CIDR: a private range (100.64.0.0/10, 192.168.0.0/16, 10.0.0.0/8) that overlaps no VNet, peering or service CIDR.',
    };
  },
};
