// Fleet readiness: per cluster, the verdict and blocker ids of each target, from the real preflight.
// Pure over snapshots. An Overlay source that only lacks a pod CIDR is judged with the suggested one
// (and says so), so the fleet view shows what else stands in the way.
import type { ClusterSnapshot, Dataplane, IpamMode, PolicyEngine, Target } from '../cluster/types.ts';
import { reportCluster, runPreflight } from '../preflight/run-preflight.ts';
import type { PreflightReport, Verdict } from '../preflight/types.ts';

/** One target of one cluster in the fleet view. */
export interface TargetReadiness {
  verdict: Verdict;
  /** Ids of the blocking checks, catalogue order. */
  blockers: string[];
  /** Overlay only: a pod CIDR passing every pod CIDR check, when the source needs one; else null. */
  suggestedPodCidr?: string | null;
  /** Overlay only: true when the verdict was taken with `suggestedPodCidr` (none was given). */
  podCidrAssumed?: boolean;
}

/** One cluster of the fleet view (spec/interfaces.md §8 `netpilot fleet`). */
export interface ClusterReadiness {
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  id: string;
  mode: IpamMode;
  dataplane: Dataplane;
  networkPolicy: PolicyEngine;
  kubernetesVersion: string | null;
  provisioningState: string | null;
  targets: Record<Target, TargetReadiness>;
}

/** A cluster (or a subscription) that could not be read, or was read only partly. */
export interface UnreadEntry {
  /** Resource id of the cluster, or `/subscriptions/SUB` when the subscription could not be listed. */
  id: string;
  reason: string;
  /** True when the cluster was read but some of its data was not (it is also in `clusters`, judged fail-closed). */
  partial?: boolean;
}

/** The fleet view: every cluster read, and what could not be read. */
export interface FleetReadiness {
  clusters: ClusterReadiness[];
  unread: UnreadEntry[];
}

const blockerIds = (report: PreflightReport): string[] =>
  report.findings.filter((f) => f.severity === 'blocker').map((f) => f.check);

/** Overlay readiness; a missing pod CIDR is replaced by the suggested one and flagged. */
function overlayReadiness(snapshot: ClusterSnapshot): TargetReadiness {
  const first = runPreflight(snapshot, 'overlay');
  const suggested = first.suggestedPodCidr ?? null;
  const missing = first.findings.some((f) => f.check === 'overlay-pod-cidr-missing');
  if (missing && suggested) {
    const again = runPreflight(snapshot, 'overlay', { podCidr: suggested });
    return { verdict: again.verdict, blockers: blockerIds(again), suggestedPodCidr: suggested, podCidrAssumed: true };
  }
  return { verdict: first.verdict, blockers: blockerIds(first), suggestedPodCidr: suggested, podCidrAssumed: false };
}

/** The readiness of one cluster for both targets. */
export function clusterReadiness(snapshot: ClusterSnapshot): ClusterReadiness {
  const cilium = runPreflight(snapshot, 'cilium');
  const { eTag: _eTag, ...cluster } = reportCluster(snapshot);
  void _eTag;
  return {
    ...cluster,
    subscriptionId: snapshot.cluster.subscriptionId,
    id: snapshot.cluster.id,
    provisioningState: snapshot.cluster.provisioningState ?? null,
    targets: {
      overlay: overlayReadiness(snapshot),
      cilium: { verdict: cilium.verdict, blockers: blockerIds(cilium) },
    },
  };
}

/** The partial-read entry of a snapshot with unread sections; undefined when everything was read. */
export function partialRead(snapshot: ClusterSnapshot): UnreadEntry | undefined {
  if (snapshot.unavailable.length === 0) return undefined;
  return { id: snapshot.cluster.id, reason: snapshot.unavailable.map((u) => `${u.section}: ${u.reason}`).join('; '), partial: true };
}

/** The fleet view of snapshots already read (offline fleets, tests). */
export function fleetReadiness(snapshots: readonly ClusterSnapshot[]): FleetReadiness {
  return {
    clusters: snapshots.map(clusterReadiness),
    unread: snapshots.map(partialRead).filter((u): u is UnreadEntry => u !== undefined),
  };
}
