// overlay-windows-build: Windows builds before 20348.1668 SNAT host-network pod traffic wrongly.
import type { AgentPool, ClusterSnapshot } from '../../cluster/types.ts';
import type { CheckDefinition } from '../types.ts';
import { azTarget, isWindowsPool } from '../facts.ts';

/** The first Windows build with the host-network SNAT fix. */
const MIN_BUILD: readonly [number, number] = [20348, 1668];

type Build = [number, number];

function below(a: Build, b: readonly [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** `<build>.<revision>` after the SKU segment of a Windows `nodeImageVersion`, e.g. 20348.3207. */
export function buildFromImage(image: string | undefined): Build | undefined {
  const m = /^AKSWindows-[^.]*?-(\d+)\.(\d+)(?:\.\d+)*$/i.exec(image?.trim() ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** `<build>.<revision>` of a Windows kernelVersion `10.0.<build>.<revision>`. */
export function buildFromKernel(kernel: string | undefined): Build | undefined {
  const m = /^10\.0\.(\d+)\.(\d+)/.exec(kernel?.trim() ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** The lowest build found for a pool (image and nodes), or undefined when none parses. */
export function lowestWindowsBuild(snapshot: ClusterSnapshot, pool: AgentPool): Build | undefined {
  const builds: Build[] = [];
  const fromImage = buildFromImage(pool.nodeImageVersion);
  if (fromImage) builds.push(fromImage);
  for (const n of snapshot.kubernetes?.nodes ?? []) {
    if (n.pool !== pool.name) continue;
    const b = buildFromKernel(n.kernelVersion);
    if (b) builds.push(b);
  }
  return builds.sort((a, b) => (below(a, b) ? -1 : below(b, a) ? 1 : 0))[0];
}

/** Warns when a Windows pool's OS build is below 20348.1668. */
export const overlayWindowsBuild: CheckDefinition = {
  id: 'overlay-windows-build',
  title: 'Windows node builds are 20348.1668 or later',
  severity: 'warning',
  target: 'overlay',
  needs: ['ARM', 'K8S'],
  remediation: 'Upgrade the Windows node image (az aks nodepool upgrade --node-image-only) or move to a Windows Server 2022+ pool before migrating.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    const windows = snapshot.agentPools.filter(isWindowsPool);
    if (windows.length === 0) return { status: 'not-applicable', reason: 'no Windows pools' };
    const unknown: string[] = [];
    const old: string[] = [];
    for (const pool of windows) {
      const build = lowestWindowsBuild(snapshot, pool);
      if (!build) unknown.push(pool.name);
      else if (below(build, MIN_BUILD)) old.push(`${pool.name} (build ${build[0]}.${build[1]}, nodeImageVersion ${pool.nodeImageVersion ?? '(none)'})`);
    }
    // Fail closed first: a pool whose build cannot be read is a blocker even when another pool is
    // known to be old (a warning alone would let the report be ready with an unverified pool).
    if (unknown.length > 0) {
      return {
        status: 'unverified',
        missing: `the Windows OS build of pool(s) ${unknown.join(', ')} (no parseable nodeImageVersion and no node kernelVersion)${old.length > 0 ? `; also below ${MIN_BUILD.join('.')}: ${old.join('; ')}` : ''}`,
        hint: 'grant NetPilot Kubernetes RBAC get/list on nodes (kubectl create clusterrole netpilot-read --verb=get,list --resource=nodes && kubectl create clusterrolebinding netpilot-read --clusterrole=netpilot-read --user=<netpilot-object-id>) or the Azure "Reader" role on the cluster so nodeImageVersion is read',
      };
    }
    if (old.length > 0) {
      const t = azTarget(snapshot).replace('-n ', '--cluster-name ');
      return {
        status: 'fail',
        detail: `Windows pool(s) below build ${MIN_BUILD.join('.')}: ${old.join('; ')}. Host-network pods on these nodes get their traffic SNATed wrongly under Overlay.`,
        remediation: `Upgrade the node images first (${windows.map((p) => `az aks nodepool upgrade ${t} -n ${p.name} --node-image-only`).join(' ; ')}); Windows Server 2019 (17763.x) never reaches the fixed build: replace such pools with --os-sku Windows2022 pools.`,
      };
    }
    return { status: 'pass' };
  },
};
