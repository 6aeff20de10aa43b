// overlay-unsupported-pool: availability sets, DCsv2-series sizes, over-long BYO network names.
import type { CheckDefinition } from '../types.ts';
import { subnetNames } from '../facts.ts';

/** DCsv2-series VM sizes: `Standard_DC<n>s_v2` or `Standard_DC<n>_v2`, any case. */
const DCSV2 = /^standard_dc\d+s?_v2$/i;
const MAX_NAME = 63;

/** Blocks pools Overlay does not support. */
export const overlayUnsupportedPool: CheckDefinition = {
  id: 'overlay-unsupported-pool',
  title: 'Every node pool is supported by Overlay',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  remediation: 'Replace the listed pools (availability set, DCsv2-series size, or BYO subnet/VNet/resource group names longer than 63 characters) with supported ones: az aks nodepool add ..., move the workloads, az aks nodepool delete the old pool.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  evaluate(snapshot) {
    const problems: string[] = [];
    for (const pool of snapshot.agentPools) {
      if ((pool.type ?? '').toLowerCase() === 'availabilityset') problems.push(`pool ${pool.name} is an availability set`);
      if (pool.vmSize && DCSV2.test(pool.vmSize)) problems.push(`pool ${pool.name} uses DCsv2-series size ${pool.vmSize}`);
      if (pool.vnetSubnetId) {
        const names = subnetNames(pool.vnetSubnetId);
        if (names) {
          const long = ([['subnet', names.subnet], ['VNet', names.vnet], ['VNet resource group', names.resourceGroup]] as const)
            .filter(([, n]) => n.length > MAX_NAME).map(([what, n]) => `${what} name ${n} (${n.length} characters)`);
          if (long.length > 0) problems.push(`pool ${pool.name}: ${long.join(', ')} longer than ${MAX_NAME}`);
        }
      }
    }
    if (problems.length === 0) return { status: 'pass' };
    return { status: 'fail', detail: `Overlay does not support: ${problems.join('; ')}.` };
  },
};
