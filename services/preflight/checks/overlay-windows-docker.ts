// overlay-windows-docker: Windows pools on the Docker runtime block Overlay.
import type { AgentPool, ClusterSnapshot } from '../../cluster/types.ts';
import type { CheckDefinition } from '../types.ts';
import { azTarget, isWindowsPool } from '../facts.ts';

/** How a pool's runtime was decided: by its nodes when listed, else by `nodeImageVersion`. */
export function windowsPoolUsesDocker(snapshot: ClusterSnapshot, pool: AgentPool): { docker: boolean; evidence: string } {
  const nodes = (snapshot.kubernetes?.nodes ?? []).filter((n) => n.pool === pool.name);
  if (nodes.length > 0) {
    const dockerNodes = nodes.filter((n) => (n.containerRuntimeVersion ?? '').toLowerCase().startsWith('docker://'));
    if (dockerNodes.length > 0) {
      return { docker: true, evidence: `node(s) ${dockerNodes.map((n) => `${n.name} (${n.containerRuntimeVersion})`).join(', ')}` };
    }
    return { docker: false, evidence: `nodes ${nodes.map((n) => n.name).join(', ')}` };
  }
  const image = pool.nodeImageVersion ?? '';
  // Prefix and token compared case-insensitively, as the resource provider does.
  const docker = image.toLowerCase().startsWith('akswindows-2019-') && !image.toLowerCase().includes('containerd');
  return { docker, evidence: `nodeImageVersion ${image || '(none)'}` };
}

/** Blocks Overlay when a Windows pool runs Docker. */
export const overlayWindowsDocker: CheckDefinition = {
  id: 'overlay-windows-docker',
  title: 'No Windows pool runs the Docker runtime',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM', 'K8S'],
  remediation: 'Replace each Docker Windows pool with a containerd one (Windows Server 2022): az aks nodepool add ... --os-type Windows --os-sku Windows2022, move the workloads, then az aks nodepool delete the old pool.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    const windows = snapshot.agentPools.filter(isWindowsPool);
    if (windows.length === 0) return { status: 'not-applicable', reason: 'no Windows pools' };
    const docker = windows.map((p) => ({ p, r: windowsPoolUsesDocker(snapshot, p) })).filter((x) => x.r.docker);
    if (docker.length === 0) return { status: 'pass' };
    const t = azTarget(snapshot).replace('-n ', '--cluster-name ');
    return {
      status: 'fail',
      detail: `Windows pool(s) on the Docker runtime: ${docker.map(({ p, r }) => `${p.name} (${r.evidence})`).join('; ')}. Overlay needs containerd.`,
      remediation: `For each Docker pool add a containerd Windows pool, move the workloads, delete the old pool: ${docker.map(({ p }) => `az aks nodepool add ${t} -n <newpool> --os-type Windows --os-sku Windows2022 --node-count ${p.count ?? 1} && az aks nodepool delete ${t} -n ${p.name}`).join(' ; ')}`,
    };
  },
};
