// overlay-pod-reachability: after Overlay, pod IPs are not reachable from outside the nodes.
import type { CheckDefinition } from '../types.ts';

/** Informs, in ready reports only, that pods must be reached through Services after Overlay. */
export const overlayPodReachability: CheckDefinition = {
  id: 'overlay-pod-reachability',
  title: 'Pod IPs stop being reachable from the VNet',
  severity: 'info',
  target: 'overlay',
  needs: ['ARM'],
  remediation: 'Make anything that addresses pods directly (VNet peers, on-premises, firewalls, Application Gateway backends) use a Service (LoadBalancer / internal LoadBalancer) instead.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  dependsOnVerdict: true,
  evaluate(snapshot, ctx) {
    if (ctx.verdictSoFar !== 'ready') return { status: 'not-applicable', reason: 'only stated in ready reports' };
    return {
      status: 'fail',
      detail: `After the migration, pods of ${snapshot.cluster.name} get IPs from the pod CIDR${ctx.podCidr ? ` ${ctx.podCidr}` : ''}, which is not routable in the VNet: pod IPs are no longer reachable from outside the nodes; traffic leaving the cluster is SNATed to the node IP.`,
    };
  },
};
