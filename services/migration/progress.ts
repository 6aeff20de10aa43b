// Progress maths of a running migration, pure: which nodes count (each pool's original nodes,
// never surge nodes), when a pool is finished, the overall percentage, and when nothing has moved
// for long enough to call it a stall. The polling loop lives in watcher.ts.
import type { KubeNode, Target } from '../cluster/types.ts';
import type { NetworkProfileChange } from '../preflight/types.ts';
import type { OriginalPool } from '../store/types.ts';
import type { PoolProgress } from './types.ts';

/** Labels that mark a node as converted, per target (observed, not documented: domain notes §5). */
export const TARGET_LABELS: Record<Target, readonly [string, string][]> = {
  overlay: [['kubernetes.azure.com/azure-cni-overlay', 'true'], ['kubernetes.azure.com/podnetwork-type', 'overlay']],
  cilium: [['kubernetes.azure.com/ebpf-dataplane', 'cilium']],
};

/** True when the node carries one of the target's labels. */
export function hasTargetLabels(node: KubeNode, target: Target): boolean {
  return TARGET_LABELS[target].some(([k, v]) => node.labels[k] === v);
}

/** True when the node is done: labelled with the target, Ready and schedulable. */
export function isConverted(node: KubeNode, target: Target): boolean {
  return hasTargetLabels(node, target) && node.ready && !node.unschedulable;
}

/** True when a networkProfile shows the target. */
export function profileShowsTarget(np: Record<string, unknown> | undefined, target: Target): boolean {
  if (!np) return false;
  if (target === 'overlay') return np.networkPlugin === 'azure' && np.networkPluginMode === 'overlay';
  return np.networkDataplane === 'cilium';
}

/** True when every field of `change` has its new value in the networkProfile (lists compared whole). */
export function profileHasChange(np: Record<string, unknown> | undefined, change: NetworkProfileChange): boolean {
  const entries = Object.entries(change);
  return entries.length > 0 && entries.every(([k, v]) => JSON.stringify(np?.[k]) === JSON.stringify(v));
}

/** A pool as ARM reports it. */
export interface PoolArm { name: string; count?: number; provisioningState?: string }

/** Each pool's original nodes from one reading. At the start of an operation (`adopted` false) every
 * node counts; for an operation already under way (adopted, or first read late) only the nodes not
 * yet converted are listed, and the rest of the pool's ARM count is recorded as done before. */
export function originalPools(target: Target, pools: readonly PoolArm[], nodes: readonly KubeNode[], adopted: boolean): OriginalPool[] {
  return pools.map((p) => {
    const mine = nodes.filter((n) => n.pool === p.name);
    if (!adopted) return { pool: p.name, nodes: mine.map((n) => n.name).sort() };
    const remaining = mine.filter((n) => !isConverted(n, target)).map((n) => n.name).sort();
    const doneBefore = Math.max(0, (p.count ?? mine.length) - remaining.length);
    return { pool: p.name, nodes: remaining, ...(doneBefore > 0 ? { doneBefore } : {}) };
  });
}

/** Per-pool progress from ARM pools and (when readable) Kubernetes nodes. With the pool's original
 * nodes known, a pool is finished only when every original node is gone or converted; surge nodes
 * (not in the original list) never count. `seenBusy`: pools seen not Succeeded (ARM fallback). */
export function computePools(target: Target, pools: readonly PoolArm[], nodes: readonly KubeNode[] | undefined,
  seenBusy: readonly string[], originals?: readonly OriginalPool[]): PoolProgress[] {
  return pools.map((p) => {
    const armDone = p.provisioningState === 'Succeeded' && seenBusy.includes(p.name);
    if (!nodes) {
      const total = p.count ?? 0;
      return { name: p.name, total, reimaged: armDone ? total : 0, draining: 0, notReady: 0,
        provisioningState: p.provisioningState, percent: armDone ? 100 : 0, finished: armDone, source: 'arm' as const };
    }
    const mine = nodes.filter((n) => n.pool === p.name);
    const original = originals?.find((o) => o.pool === p.name);
    if (original && original.nodes.length + (original.doneBefore ?? 0) > 0) {
      const names = new Set(original.nodes);
      const byName = new Map(mine.map((n) => [n.name, n]));
      const present = original.nodes.flatMap((name) => (byName.has(name) ? [byName.get(name)!] : []));
      const gone = original.nodes.length - present.length;
      const total = original.nodes.length + (original.doneBefore ?? 0);
      const reimaged = (original.doneBefore ?? 0) + gone + present.filter((n) => isConverted(n, target)).length;
      const surge = mine.filter((n) => !names.has(n.name)).length;
      return { name: p.name, total, reimaged, draining: present.filter((n) => n.unschedulable).length,
        notReady: present.filter((n) => !n.ready).length, provisioningState: p.provisioningState,
        percent: Math.round((reimaged / total) * 100), finished: reimaged >= total, source: 'kubernetes' as const,
        ...(surge > 0 ? { surge } : {}) };
    }
    const total = p.count ?? mine.length;
    const reimaged = Math.min(total, mine.filter((n) => isConverted(n, target)).length);
    const draining = mine.filter((n) => n.unschedulable).length;
    const notReady = mine.filter((n) => !n.ready).length;
    const finished = total > 0 ? reimaged >= total && draining === 0 : armDone;
    return { name: p.name, total, reimaged, draining, notReady, provisioningState: p.provisioningState,
      percent: total > 0 ? Math.round((reimaged / total) * 100) : finished ? 100 : 0, finished, source: 'kubernetes' as const };
  });
}

/** Overall percentage: converted nodes over all nodes. */
export function overallPercent(pools: readonly PoolProgress[]): number {
  const total = pools.reduce((s, p) => s + p.total, 0);
  if (total === 0) return 0;
  return Math.round((pools.reduce((s, p) => s + Math.min(p.reimaged, p.total), 0) / total) * 100);
}

/** True when the nodes say the migration is complete: every pool finished. */
export function allPoolsFinished(pools: readonly PoolProgress[]): boolean {
  return pools.every((p) => p.finished);
}

/** What the nodes look like, as one comparable string (name, Ready, cordoned, labelled). */
export function nodeFingerprint(nodes: readonly KubeNode[], target: Target): string {
  return nodes.map((n) => `${n.name}:${n.ready ? 'R' : 'r'}${n.unschedulable ? 'U' : 'u'}${hasTargetLabels(n, target) ? 'L' : 'l'}`)
    .sort().join(',');
}

/** Stall tracking kept with the watcher's state. */
export interface StallState {
  /** Fingerprint of the last reading. */
  fingerprint?: string;
  /** When the fingerprint last changed (ISO). */
  changedAt?: string;
  /** Stalls announced so far (the key of the next one is `stall:<stalls + 1>`). */
  stalls: number;
  /** True when the current stall was announced. */
  announced: boolean;
}

/** The stall state after a reading, and whether a stall notice is due now (once per stall: a
 * change of any node ends the stall, and a later standstill is a new one). */
export function nextStall(prev: StallState, fingerprint: string, now: Date, thresholdMs: number): { state: StallState; due: boolean; stalledMs: number } {
  if (prev.fingerprint !== fingerprint || !prev.changedAt) {
    return { state: { fingerprint, changedAt: now.toISOString(), stalls: prev.stalls, announced: false }, due: false, stalledMs: 0 };
  }
  const stalledMs = Math.max(0, now.getTime() - Date.parse(prev.changedAt));
  const due = !prev.announced && stalledMs >= thresholdMs;
  return { state: due ? { ...prev, stalls: prev.stalls + 1, announced: true } : prev, due, stalledMs };
}
