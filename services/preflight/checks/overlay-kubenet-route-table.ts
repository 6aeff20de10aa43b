// overlay-kubenet-route-table: kubenet pod routes go away; an AKS-managed route table is deleted.
import { parseResourceId, sameResourceGroup } from '../../cluster/resource-id.ts';
import type { CheckDefinition } from '../types.ts';
import { poolVnets } from '../facts.ts';
import { msg, type Message } from '../messages.ts';

/** Warns when a kubenet pool subnet has a route table (customer-owned or AKS-managed). */
export const overlayKubenetRouteTable: CheckDefinition = {
  id: 'overlay-kubenet-route-table',
  severity: 'warning',
  target: 'overlay',
  needs: ['ARM', 'NET'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    if (snapshot.derived.mode !== 'kubenet') return { status: 'not-applicable', reason: 'kubenet sources only' };
    const vnets = poolVnets(snapshot);
    if ('unverified' in vnets) return vnets.unverified;
    const findings: Message[] = [];
    const commands: string[] = [];
    const nodeRg = snapshot.cluster.nodeResourceGroup;
    for (const { vnet, subnets, pools } of vnets.vnets) {
      for (const subnet of subnets) {
        if (!subnet.routeTableId) continue;
        const parts = parseResourceId(subnet.routeTableId);
        const name = parts?.names[parts.names.length - 1] ?? subnet.routeTableId;
        const managed = sameResourceGroup(parts?.resourceGroup, nodeRg);
        findings.push(msg(managed ? 'overlay-kubenet-route-table.managed' : 'overlay-kubenet-route-table.customer', {
          subnet: subnet.name, vnet: vnet.name, pools: [...pools], table: name, rg: parts?.resourceGroup ?? 'none',
        }));
        if (parts) commands.push(`az network route-table route list -g ${parts.resourceGroup} --route-table-name ${name} -o table`);
      }
    }
    if (findings.length === 0) return { status: 'pass' };
    return {
      status: 'fail',
      detail: msg('overlay-kubenet-route-table.fail', { subnets: findings }),
      remediation: msg('overlay-kubenet-route-table.fail.fix', { commands: [...new Set(commands)].join(' ; ') }),
    };
  },
};
