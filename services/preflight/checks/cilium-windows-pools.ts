// cilium-windows-pools: Cilium on AKS is Linux-only.
import type { CheckDefinition } from '../types.ts';
import { azTarget, isWindowsPool } from '../facts.ts';
import { msg } from '../messages.ts';

/** Blocks Cilium when any pool has `osType=Windows`. */
export const ciliumWindowsPools: CheckDefinition = {
  id: 'cilium-windows-pools',
  severity: 'blocker',
  target: 'cilium',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium',
  evaluate(snapshot) {
    const windows = snapshot.agentPools.filter(isWindowsPool);
    if (windows.length === 0) return { status: 'pass' };
    const t = azTarget(snapshot).replace('-n ', '--cluster-name ');
    return {
      status: 'fail',
      detail: msg('cilium-windows-pools.fail', {
        pools: windows.map((p) => msg('cilium-windows-pools.pool', { pool: p.name, sku: p.osSku ?? 'Windows', count: p.count ?? 0 })),
      }),
      remediation: msg('cilium-windows-pools.fail.fix', { commands: windows.map((p) => `az aks nodepool delete ${t} -n ${p.name}`).join(' ; ') }),
    };
  },
};
