// overlay-pod-reachability: after Overlay, pod IPs are not reachable from outside the nodes.
import type { CheckDefinition } from '../types.ts';
import { msg } from '../messages.ts';

/** Informs, in ready reports only, that pods must be reached through Services after Overlay. */
export const overlayPodReachability: CheckDefinition = {
  id: 'overlay-pod-reachability',
  severity: 'info',
  target: 'overlay',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  dependsOnVerdict: true,
  evaluate(snapshot, ctx) {
    if (ctx.verdictSoFar !== 'ready') return { status: 'not-applicable', reason: 'only stated in ready reports' };
    return {
      status: 'fail',
      detail: msg('overlay-pod-reachability.fail', { cluster: snapshot.cluster.name, cidr: ctx.podCidr ?? 'none' }),
    };
  },
};
