// overlay-virtual-nodes: virtual nodes (ACI connector) need flat networking.
import type { CheckDefinition } from '../types.ts';
import { azTarget } from '../facts.ts';

/** Warns when the `aciConnectorLinux` add-on is enabled. */
export const overlayVirtualNodes: CheckDefinition = {
  id: 'overlay-virtual-nodes',
  title: 'Virtual nodes are not in use',
  severity: 'warning',
  target: 'overlay',
  needs: ['ARM'],
  remediation: 'Disable virtual nodes before the migration (az aks disable-addons -a virtual-node -g RG -n NAME) and plan where their workloads run.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  evaluate(snapshot) {
    const entry = Object.entries(snapshot.cluster.addons).find(([name]) => name.toLowerCase() === 'aciconnectorlinux');
    if (!entry || !entry[1]) return { status: 'pass' };
    return {
      status: 'fail',
      detail: `Add-on ${entry[0]} (virtual nodes) is enabled on ${snapshot.cluster.name}; virtual nodes need flat pod networking and are not supported with Overlay.`,
      remediation: `Move the virtual-node workloads to regular pools and disable the add-on: az aks disable-addons -a virtual-node ${azTarget(snapshot)}`,
    };
  },
};
