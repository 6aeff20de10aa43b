// cilium-windows-pools: Cilium on AKS is Linux-only.
import type { CheckDefinition } from '../types.ts';
import { azTarget, isWindowsPool } from '../facts.ts';

/** Blocks Cilium when any pool has `osType=Windows`. */
export const ciliumWindowsPools: CheckDefinition = {
  id: 'cilium-windows-pools',
  title: 'No Windows node pools',
  severity: 'blocker',
  target: 'cilium',
  needs: ['ARM'],
  remediation: 'Move Windows workloads elsewhere and delete the Windows pools (az aks nodepool delete) before enabling Cilium.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium',
  evaluate(snapshot) {
    const windows = snapshot.agentPools.filter(isWindowsPool);
    if (windows.length === 0) return { status: 'pass' };
    const t = azTarget(snapshot).replace('-n ', '--cluster-name ');
    return {
      status: 'fail',
      detail: `Windows pool(s) ${windows.map((p) => `${p.name} (${p.osSku ?? 'Windows'}, ${p.count ?? 0} node(s))`).join(', ')}: Azure CNI powered by Cilium supports Linux nodes only.`,
      remediation: `Move the Windows workloads to another cluster, then delete the pools: ${windows.map((p) => `az aks nodepool delete ${t} -n ${p.name}`).join(' ; ')}`,
    };
  },
};
