// overlay-windows-build: Windows builds before 20348.1668 SNAT host-network pod traffic wrongly.
import type { AgentPool, ClusterSnapshot } from '../../cluster/types.ts';
import type { CheckDefinition } from '../types.ts';
import { azTarget, isWindowsPool } from '../facts.ts';
import { msg, type Message } from '../messages.ts';

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
  severity: 'warning',
  target: 'overlay',
  needs: ['ARM', 'K8S'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  evaluate(snapshot) {
    const windows = snapshot.agentPools.filter(isWindowsPool);
    if (windows.length === 0) return { status: 'not-applicable', reason: 'no Windows pools' };
    const unknown: string[] = [];
    const old: Message[] = [];
    for (const pool of windows) {
      const build = lowestWindowsBuild(snapshot, pool);
      if (!build) unknown.push(pool.name);
      else if (below(build, MIN_BUILD)) {
        old.push(msg('overlay-windows-build.pool', { pool: pool.name, build: `${build[0]}.${build[1]}`, image: pool.nodeImageVersion ?? 'none' }));
      }
    }
    // Fail closed first: a pool whose build cannot be read is a blocker even when another pool is
    // known to be old (a warning alone would let the report be ready with an unverified pool).
    if (unknown.length > 0) {
      return {
        status: 'unverified',
        missing: msg('overlay-windows-build.unknown', { pools: unknown, min: MIN_BUILD.join('.'), old, oldCount: old.length }),
        hint: msg('grant.nodes-or-reader'),
      };
    }
    if (old.length > 0) {
      const t = azTarget(snapshot).replace('-n ', '--cluster-name ');
      return {
        status: 'fail',
        detail: msg('overlay-windows-build.fail', { min: MIN_BUILD.join('.'), pools: old }),
        remediation: msg('overlay-windows-build.fail.fix', {
          commands: windows.map((p) => `az aks nodepool upgrade ${t} -n ${p.name} --node-image-only`).join(' ; '),
        }),
      };
    }
    return { status: 'pass' };
  },
};
