// The fleet at a glance: counts per current mode and per verdict, the blockers that stop the most
// clusters, and the clusters that can move now. Pure over a FleetReadiness (cards and the digest
// render it; nothing here knows chat).
import type { Target } from '../cluster/types.ts';
import type { Verdict } from '../preflight/types.ts';
import type { ClusterReadiness, FleetReadiness } from './fleet-readiness.ts';

/** Where a cluster is today, as platform teams count it: Cilium wins over the IPAM mode. */
export type ModeBucket = 'kubenet' | 'node-subnet' | 'pod-subnet' | 'overlay' | 'cilium' | 'other';

/** Every bucket, in display order. */
export const MODE_BUCKETS: readonly ModeBucket[] = ['kubenet', 'node-subnet', 'pod-subnet', 'overlay', 'cilium', 'other'];
/** The targets, in display order. */
export const TARGETS: readonly Target[] = ['overlay', 'cilium'];

/** The bucket of one cluster. */
export function modeBucket(c: Pick<ClusterReadiness, 'mode' | 'dataplane'>): ModeBucket {
  if (c.dataplane === 'cilium') return 'cilium';
  return c.mode === 'byo' ? 'other' : c.mode;
}

/** One blocker and how many clusters it stops (for any target). */
export interface BlockerCount {
  check: string;
  clusters: number;
  targets: Target[];
}

/** The summary the readiness card and the digest show. */
export interface ReadinessSummary {
  total: number;
  unread: number;
  modes: Record<ModeBucket, number>;
  verdicts: Record<Target, Record<Verdict, number>>;
  /** Most clusters first, then check id; every blocker (callers cut). */
  blockers: BlockerCount[];
  /** `resourceGroup/name` of the clusters ready now, per target, sorted. */
  readyNow: Record<Target, string[]>;
}

const zeroVerdicts = (): Record<Verdict, number> => ({ ready: 0, blocked: 0, incomplete: 0, 'not-needed': 0 });

/** A cluster's display label. */
export function clusterLabel(c: Pick<ClusterReadiness, 'resourceGroup' | 'name'>): string {
  return `${c.resourceGroup}/${c.name}`;
}

/** Summarises a fleet scan. */
export function summariseReadiness(fleet: FleetReadiness): ReadinessSummary {
  const modes = Object.fromEntries(MODE_BUCKETS.map((m) => [m, 0])) as Record<ModeBucket, number>;
  const verdicts: Record<Target, Record<Verdict, number>> = { overlay: zeroVerdicts(), cilium: zeroVerdicts() };
  const readyNow: Record<Target, string[]> = { overlay: [], cilium: [] };
  const blockers = new Map<string, { clusters: Set<string>; targets: Set<Target> }>();
  for (const c of fleet.clusters) {
    modes[modeBucket(c)] += 1;
    for (const target of TARGETS) {
      const t = c.targets[target];
      verdicts[target][t.verdict] += 1;
      if (t.verdict === 'ready') readyNow[target].push(clusterLabel(c));
      for (const check of t.blockers) {
        const entry = blockers.get(check) ?? { clusters: new Set<string>(), targets: new Set<Target>() };
        entry.clusters.add(c.id.toLowerCase());
        entry.targets.add(target);
        blockers.set(check, entry);
      }
    }
  }
  return {
    total: fleet.clusters.length,
    unread: fleet.unread.filter((u) => !u.partial).length,
    modes,
    verdicts,
    blockers: [...blockers.entries()]
      .map(([check, e]) => ({ check, clusters: e.clusters.size, targets: TARGETS.filter((t) => e.targets.has(t)) }))
      .sort((a, b) => b.clusters - a.clusters || a.check.localeCompare(b.check)),
    readyNow: { overlay: readyNow.overlay.sort(), cilium: readyNow.cilium.sort() },
  };
}

/** One cluster as the readiness card lists it. */
export interface ReadinessViewCluster {
  label: string;
  bucket: ModeBucket;
  targets: ClusterReadiness['targets'];
}

/** What the readiness card renders: the summary, every cluster, and what was not read. */
export interface ReadinessView {
  summary: ReadinessSummary;
  clusters: ReadinessViewCluster[];
  unread: { id: string; partial?: boolean }[];
}

/** The card's view of a fleet scan (clusters in scan order). */
export function readinessView(fleet: FleetReadiness): ReadinessView {
  return {
    summary: summariseReadiness(fleet),
    clusters: fleet.clusters.map((c) => ({ label: clusterLabel(c), bucket: modeBucket(c), targets: c.targets })),
    unread: fleet.unread.map((u) => ({ id: u.id, ...(u.partial ? { partial: true } : {}) })),
  };
}
