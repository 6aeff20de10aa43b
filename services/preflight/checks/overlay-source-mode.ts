// overlay-source-mode: pod subnet (dynamic IP) and BYO CNI have no path to Overlay.
import type { CheckDefinition } from '../types.ts';

/** Blocks Overlay for pod-subnet and bring-your-own-CNI sources. */
export const overlaySourceMode: CheckDefinition = {
  id: 'overlay-source-mode',
  title: 'The current network mode can move to Azure CNI Overlay',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  remediation: 'There is no in-place path: create a new cluster with Azure CNI Overlay (az aks create --network-plugin azure --network-plugin-mode overlay --pod-cidr CIDR ...) and move the workloads to it.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    const mode = snapshot.derived.mode;
    if (mode === 'pod-subnet') {
      const pools = snapshot.agentPools.filter((p) => p.podSubnetId).map((p) => `${p.name} (podSubnetID ${p.podSubnetId})`);
      return {
        status: 'fail',
        detail: `Cluster ${snapshot.cluster.name} uses Azure CNI with dynamic pod IP allocation: ${pools.join('; ')}. Dynamic IP allocation has no supported migration path to Overlay.`,
      };
    }
    if (mode === 'byo') {
      return {
        status: 'fail',
        detail: `Cluster ${snapshot.cluster.name} uses bring-your-own CNI (networkPlugin ${snapshot.cluster.networkProfile.networkPlugin ?? 'none'}), which has no supported migration path to Overlay.`,
      };
    }
    return { status: 'pass' };
  },
};
