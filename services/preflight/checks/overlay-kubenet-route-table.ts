// overlay-kubenet-route-table: kubenet pod routes go away; an AKS-managed route table is deleted.
import { parseResourceId, sameResourceGroup } from '../../cluster/resource-id.ts';
import type { CheckDefinition } from '../types.ts';
import { poolVnets } from '../facts.ts';

/** Warns when a kubenet pool subnet has a route table (customer-owned or AKS-managed). */
export const overlayKubenetRouteTable: CheckDefinition = {
  id: 'overlay-kubenet-route-table',
  title: 'Kubenet route tables after the migration',
  severity: 'warning',
  target: 'overlay',
  needs: ['ARM', 'NET'],
  remediation: 'Review what else uses the route table: customer route tables lose their pod routes, an AKS-managed one is deleted. Move any custom routes (e.g. to a firewall) to a route table you own.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    if (snapshot.derived.mode !== 'kubenet') return { status: 'not-applicable', reason: 'kubenet sources only' };
    const vnets = poolVnets(snapshot);
    if ('unverified' in vnets) return vnets.unverified;
    const findings: string[] = [];
    const commands: string[] = [];
    const nodeRg = snapshot.cluster.nodeResourceGroup;
    for (const { vnet, subnets, pools } of vnets.vnets) {
      for (const subnet of subnets) {
        if (!subnet.routeTableId) continue;
        const parts = parseResourceId(subnet.routeTableId);
        const name = parts?.names[parts.names.length - 1] ?? subnet.routeTableId;
        const managed = sameResourceGroup(parts?.resourceGroup, nodeRg);
        findings.push(`subnet ${subnet.name} of VNet ${vnet.name} (pools ${pools.join(', ')}) uses ${managed ? 'AKS-managed' : 'customer-owned'} route table ${name}${parts ? ` in ${parts.resourceGroup}` : ''}: ${managed ? 'it is deleted by the migration' : 'its pod routes are removed'}`);
        if (parts) commands.push(`az network route-table route list -g ${parts.resourceGroup} --route-table-name ${name} -o table`);
      }
    }
    if (findings.length === 0) return { status: 'pass' };
    return {
      status: 'fail',
      detail: `Route tables on kubenet pool subnets: ${findings.join('; ')}.`,
      remediation: `Check which routes besides the kubenet pod routes live there (${[...new Set(commands)].join(' ; ')}) and move any you need (e.g. a default route to a firewall) to a customer-owned route table before the migration.`,
    };
  },
};
