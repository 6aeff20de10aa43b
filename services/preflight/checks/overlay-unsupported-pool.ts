// overlay-unsupported-pool: availability sets, DCsv2-series sizes, over-long BYO network names.
import type { CheckDefinition } from '../types.ts';
import { subnetNames } from '../facts.ts';
import { msg, type Message } from '../messages.ts';

/** DCsv2-series VM sizes: `Standard_DC<n>s_v2` or `Standard_DC<n>_v2`, any case. */
const DCSV2 = /^standard_dc\d+s?_v2$/i;
const MAX_NAME = 63;

/** Blocks pools Overlay does not support. */
export const overlayUnsupportedPool: CheckDefinition = {
  id: 'overlay-unsupported-pool',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  evaluate(snapshot) {
    const problems: Message[] = [];
    for (const pool of snapshot.agentPools) {
      if ((pool.type ?? '').toLowerCase() === 'availabilityset') problems.push(msg('overlay-unsupported-pool.availability-set', { pool: pool.name }));
      if (pool.vmSize && DCSV2.test(pool.vmSize)) problems.push(msg('overlay-unsupported-pool.dcsv2', { pool: pool.name, size: pool.vmSize }));
      if (pool.vnetSubnetId) {
        const names = subnetNames(pool.vnetSubnetId);
        if (names) {
          const long = ([['subnet', names.subnet], ['vnet', names.vnet], ['rg', names.resourceGroup]] as const)
            .filter(([, n]) => n.length > MAX_NAME)
            .map(([kind, n]) => msg('overlay-unsupported-pool.long-name', { kind, name: n, length: n.length }));
          if (long.length > 0) problems.push(msg('overlay-unsupported-pool.long-names', { pool: pool.name, names: long, max: MAX_NAME }));
        }
      }
    }
    if (problems.length === 0) return { status: 'pass' };
    return { status: 'fail', detail: msg('overlay-unsupported-pool.fail', { problems }) };
  },
};
