// cilium-node-auto-provisioning: node auto-provisioning must be off during the update.
import type { CheckDefinition } from '../types.ts';
import { azTarget } from '../facts.ts';

/** Blocks Cilium while `nodeProvisioningProfile.mode=Auto`. */
export const ciliumNodeAutoProvisioning: CheckDefinition = {
  id: 'cilium-node-auto-provisioning',
  title: 'Node auto-provisioning is off',
  severity: 'blocker',
  target: 'cilium',
  needs: ['ARM'],
  remediation: 'Disable node auto-provisioning for the update (az aks update -g RG -n NAME --node-provisioning-mode Manual) and re-enable it afterwards.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium',
  evaluate(snapshot) {
    if ((snapshot.cluster.nodeProvisioningMode ?? '').toLowerCase() !== 'auto') return { status: 'pass' };
    return {
      status: 'fail',
      detail: `Cluster ${snapshot.cluster.name} has nodeProvisioningProfile.mode Auto (node auto-provisioning); it must be disabled while the data plane changes.`,
      remediation: `az aks update ${azTarget(snapshot)} --node-provisioning-mode Manual ; run the migration ; then az aks update ${azTarget(snapshot)} --node-provisioning-mode Auto`,
    };
  },
};
