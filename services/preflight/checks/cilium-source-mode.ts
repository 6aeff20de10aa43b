// cilium-source-mode: kubenet must go to Overlay first; BYO CNI has no path.
import type { CheckDefinition } from '../types.ts';
import { azTarget } from '../facts.ts';
import { msg } from '../messages.ts';

/** Blocks Cilium from kubenet and bring-your-own CNI. */
export const ciliumSourceMode: CheckDefinition = {
  id: 'cilium-source-mode',
  severity: 'blocker',
  target: 'cilium',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium',
  evaluate(snapshot) {
    const mode = snapshot.derived.mode;
    if (mode === 'kubenet') {
      return {
        status: 'fail',
        detail: msg('cilium-source-mode.kubenet', { cluster: snapshot.cluster.name }),
        remediation: msg('cilium-source-mode.kubenet.fix', { cluster: snapshot.cluster.name, rg: snapshot.cluster.resourceGroup, az: azTarget(snapshot) }),
      };
    }
    if (mode === 'byo') {
      return {
        status: 'fail',
        detail: msg('cilium-source-mode.byo', { cluster: snapshot.cluster.name, plugin: snapshot.cluster.networkProfile.networkPlugin ?? 'none' }),
        remediation: msg('cilium-source-mode.byo.fix'),
      };
    }
    return { status: 'pass' };
  },
};
