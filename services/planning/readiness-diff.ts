// What changed in the fleet since the last digest: clusters migrated, clusters newly ready, new
// blockers. Pure over two compact records of a scan (the record is what the digest store keeps).
import type { Target } from '../cluster/types.ts';
import type { Verdict } from '../preflight/types.ts';
import type { FleetReadiness } from './fleet-readiness.ts';
import { clusterLabel, modeBucket, TARGETS, type ModeBucket } from './readiness-summary.ts';

/** One cluster as a digest remembers it. */
export interface ReadinessRecordCluster {
  /** Resource id, lower case (the key). */
  id: string;
  label: string;
  mode: ModeBucket;
  targets: Record<Target, { verdict: Verdict; blockers: string[] }>;
}

/** A scan as the digest store keeps it (plain JSON). */
export interface ReadinessRecord {
  at: string;
  clusters: ReadinessRecordCluster[];
  unread: number;
}

/** The compact record of a scan taken at `at`. */
export function readinessRecord(fleet: FleetReadiness, at: Date): ReadinessRecord {
  return {
    at: at.toISOString(),
    unread: fleet.unread.filter((u) => !u.partial).length,
    clusters: fleet.clusters.map((c) => ({
      id: c.id.toLowerCase(),
      label: clusterLabel(c),
      mode: modeBucket(c),
      targets: {
        overlay: { verdict: c.targets.overlay.verdict, blockers: [...c.targets.overlay.blockers] },
        cilium: { verdict: c.targets.cilium.verdict, blockers: [...c.targets.cilium.blockers] },
      },
    })),
  };
}

/** The changes between two records. */
export interface ReadinessChanges {
  migrated: { label: string; from: ModeBucket; to: ModeBucket }[];
  newlyReady: { label: string; target: Target }[];
  newBlockers: { label: string; target: Target; check: string }[];
  added: string[];
  removed: string[];
}

/** What changed from `before` to `after` (clusters matched by resource id); every list sorted. */
export function diffReadiness(before: ReadinessRecord, after: ReadinessRecord): ReadinessChanges {
  const old = new Map(before.clusters.map((c) => [c.id, c]));
  const now = new Set(after.clusters.map((c) => c.id));
  const changes: ReadinessChanges = { migrated: [], newlyReady: [], newBlockers: [], added: [], removed: [] };
  for (const c of after.clusters) {
    const prev = old.get(c.id);
    if (!prev) {
      changes.added.push(c.label);
      continue;
    }
    if (prev.mode !== c.mode) changes.migrated.push({ label: c.label, from: prev.mode, to: c.mode });
    for (const target of TARGETS) {
      const was = prev.targets[target];
      const is = c.targets[target];
      if (is.verdict === 'ready' && was.verdict !== 'ready') changes.newlyReady.push({ label: c.label, target });
      for (const check of is.blockers) {
        if (!was.blockers.includes(check)) changes.newBlockers.push({ label: c.label, target, check });
      }
    }
  }
  for (const c of before.clusters) if (!now.has(c.id)) changes.removed.push(c.label);
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label);
  changes.migrated.sort(byLabel);
  changes.newlyReady.sort(byLabel);
  changes.newBlockers.sort((a, b) => byLabel(a, b) || a.target.localeCompare(b.target) || a.check.localeCompare(b.check));
  changes.added.sort();
  changes.removed.sort();
  return changes;
}
