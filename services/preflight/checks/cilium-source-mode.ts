// cilium-source-mode: kubenet must go to Overlay first; BYO CNI has no path.
import type { CheckDefinition } from '../types.ts';
import { azTarget } from '../facts.ts';

/** Blocks Cilium from kubenet and bring-your-own CNI. */
export const ciliumSourceMode: CheckDefinition = {
  id: 'cilium-source-mode',
  title: 'The current network mode can move to Cilium',
  severity: 'blocker',
  target: 'cilium',
  needs: ['ARM'],
  remediation: 'From kubenet, migrate to Azure CNI Overlay first (its own preflight and approval), then enable Cilium. Bring-your-own CNI has no path.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium',
  evaluate(snapshot) {
    const mode = snapshot.derived.mode;
    if (mode === 'kubenet') {
      return {
        status: 'fail',
        detail: `Cluster ${snapshot.cluster.name} uses kubenet; Cilium needs Azure CNI, so this is two separate operations: kubenet -> Overlay, then Overlay -> Cilium.`,
        remediation: `Migrate to Overlay first (netpilot preflight ${snapshot.cluster.name} -g ${snapshot.cluster.resourceGroup} --target overlay; az aks update ${azTarget(snapshot)} --network-plugin azure --network-plugin-mode overlay), then run the Cilium preflight again.`,
      };
    }
    if (mode === 'byo') {
      return {
        status: 'fail',
        detail: `Cluster ${snapshot.cluster.name} uses bring-your-own CNI (networkPlugin ${snapshot.cluster.networkProfile.networkPlugin ?? 'none'}), which cannot move to Azure CNI powered by Cilium.`,
        remediation: 'Create a new cluster with --network-plugin azure --network-plugin-mode overlay --network-dataplane cilium and move the workloads.',
      };
    }
    return { status: 'pass' };
  },
};
