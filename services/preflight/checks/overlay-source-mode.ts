// overlay-source-mode: pod subnet (dynamic IP) and BYO CNI have no path to Overlay.
import type { CheckDefinition } from '../types.ts';
import { msg } from '../messages.ts';

/** Blocks Overlay for pod-subnet and bring-your-own-CNI sources. */
export const overlaySourceMode: CheckDefinition = {
  id: 'overlay-source-mode',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    const mode = snapshot.derived.mode;
    if (mode === 'pod-subnet') {
      const pools = snapshot.agentPools.filter((p) => p.podSubnetId)
        .map((p) => msg('overlay-source-mode.pool', { pool: p.name, subnet: p.podSubnetId ?? '' }));
      return { status: 'fail', detail: msg('overlay-source-mode.pod-subnet', { cluster: snapshot.cluster.name, pools }) };
    }
    if (mode === 'byo') {
      return {
        status: 'fail',
        detail: msg('overlay-source-mode.byo', { cluster: snapshot.cluster.name, plugin: snapshot.cluster.networkProfile.networkPlugin ?? 'none' }),
      };
    }
    return { status: 'pass' };
  },
};
