// overlay-windows-docker: Windows pools on the Docker runtime block Overlay.
import type { AgentPool, ClusterSnapshot } from '../../cluster/types.ts';
import type { CheckDefinition } from '../types.ts';
import { azTarget, isWindowsPool } from '../facts.ts';
import { msg, type Message } from '../messages.ts';

/** How a pool's runtime was decided: by its nodes when listed, else by `nodeImageVersion`. */
export function windowsPoolUsesDocker(snapshot: ClusterSnapshot, pool: AgentPool): { docker: boolean; evidence: Message } {
  const nodes = (snapshot.kubernetes?.nodes ?? []).filter((n) => n.pool === pool.name);
  if (nodes.length > 0) {
    const dockerNodes = nodes.filter((n) => (n.containerRuntimeVersion ?? '').toLowerCase().startsWith('docker://'));
    if (dockerNodes.length > 0) {
      return {
        docker: true,
        evidence: msg('overlay-windows-docker.nodes-docker', { nodes: dockerNodes.map((n) => `${n.name} (${n.containerRuntimeVersion ?? ''})`) }),
      };
    }
    return { docker: false, evidence: msg('overlay-windows-docker.nodes', { nodes: nodes.map((n) => n.name) }) };
  }
  const image = pool.nodeImageVersion ?? '';
  // Prefix and token compared case-insensitively, as the resource provider does.
  const docker = image.toLowerCase().startsWith('akswindows-2019-') && !image.toLowerCase().includes('containerd');
  return { docker, evidence: msg('overlay-windows-docker.image', { image: image || 'none' }) };
}

/** Blocks Overlay when a Windows pool runs Docker. */
export const overlayWindowsDocker: CheckDefinition = {
  id: 'overlay-windows-docker',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM', 'K8S'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    const windows = snapshot.agentPools.filter(isWindowsPool);
    if (windows.length === 0) return { status: 'not-applicable', reason: 'no Windows pools' };
    const docker = windows.map((p) => ({ p, r: windowsPoolUsesDocker(snapshot, p) })).filter((x) => x.r.docker);
    if (docker.length === 0) return { status: 'pass' };
    const t = azTarget(snapshot).replace('-n ', '--cluster-name ');
    return {
      status: 'fail',
      detail: msg('overlay-windows-docker.fail', { pools: docker.map(({ p, r }) => msg('overlay-windows-docker.pool', { pool: p.name, evidence: r.evidence })) }),
      remediation: msg('overlay-windows-docker.fail.fix', {
        commands: docker.map(({ p }) => `az aks nodepool add ${t} -n <newpool> --os-type Windows --os-sku Windows2022 --node-count ${p.count ?? 1} && az aks nodepool delete ${t} -n ${p.name}`).join(' ; '),
      }),
    };
  },
};
