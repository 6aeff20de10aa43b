// overlay-virtual-nodes: virtual nodes (ACI connector) need flat networking.
import type { CheckDefinition } from '../types.ts';
import { azTarget } from '../facts.ts';
import { msg } from '../messages.ts';

/** Warns when the `aciConnectorLinux` add-on is enabled. */
export const overlayVirtualNodes: CheckDefinition = {
  id: 'overlay-virtual-nodes',
  severity: 'warning',
  target: 'overlay',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  evaluate(snapshot) {
    const entry = Object.entries(snapshot.cluster.addons).find(([name]) => name.toLowerCase() === 'aciconnectorlinux');
    if (!entry || !entry[1]) return { status: 'pass' };
    return {
      status: 'fail',
      detail: msg('overlay-virtual-nodes.fail', { addon: entry[0], cluster: snapshot.cluster.name }),
      remediation: msg('overlay-virtual-nodes.fail.fix', { az: azTarget(snapshot) }),
    };
  },
};
