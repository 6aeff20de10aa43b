// cilium-node-auto-provisioning: node auto-provisioning must be off during the update.
import type { CheckDefinition } from '../types.ts';
import { azTarget } from '../facts.ts';
import { msg } from '../messages.ts';

/** Blocks Cilium while `nodeProvisioningProfile.mode=Auto`. */
export const ciliumNodeAutoProvisioning: CheckDefinition = {
  id: 'cilium-node-auto-provisioning',
  severity: 'blocker',
  target: 'cilium',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium',
  evaluate(snapshot) {
    if ((snapshot.cluster.nodeProvisioningMode ?? '').toLowerCase() !== 'auto') return { status: 'pass' };
    return {
      status: 'fail',
      detail: msg('cilium-node-auto-provisioning.fail', { cluster: snapshot.cluster.name }),
      remediation: msg('cilium-node-auto-provisioning.fail.fix', { az: azTarget(snapshot) }),
    };
  },
};
