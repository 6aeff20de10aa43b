// The live fleet scan: lists the clusters of each subscription, reads each one (bounded
// concurrency, one GET per unique VNet and route table, Retry-After honoured by the SDK pipeline)
// and judges it. A subscription that cannot be listed or a cluster whose ARM resource cannot be
// read is `unread`; a cluster read only partly is judged fail-closed and listed as `partial`.
import { UserError } from '../cluster/errors.ts';
import type { AzureClients } from '../azure/clients.ts';
import type { ClusterDirectory, ClusterSummary, LogSink } from '../azure/cluster-directory.ts';
import { collectSnapshot, type NetworkReadCache } from '../azure/collect-snapshot.ts';
import { KUBE_LISTS, type KubeListName } from '../kubernetes/reader.ts';
import type { RetryOptions } from '../retry/retry.ts';
import type { Target } from '../cluster/types.ts';
import { clusterReadiness, partialRead, type ClusterReadiness, type FleetReadiness, type UnreadEntry } from './fleet-readiness.ts';

/** Clusters read at the same time unless told otherwise (inside ARM's per-subscription read bucket). */
export const DEFAULT_SCAN_CONCURRENCY = 6;

/** What the scan needs. */
export interface FleetScanDeps {
  clients: AzureClients;
  directory: ClusterDirectory;
  /** Subscriptions to scan, each listed once. */
  subscriptions: readonly string[];
  /** Clusters read at once (default DEFAULT_SCAN_CONCURRENCY, at least 1). */
  concurrency?: number;
  logger?: LogSink;
  kubeRetry?: RetryOptions;
  /** Called after each cluster (read or not), for progress messages. */
  onProgress?: (p: { done: number; total: number }) => void;
}

const NODES_ONLY: readonly KubeListName[] = ['nodes'];
const TARGETS: readonly Target[] = ['overlay', 'cilium'];

/** True when the cluster's network profile is already Overlay with the Cilium data plane (ARM JSON). */
function atBothTargets(cluster: { networkProfile?: { networkPluginMode?: string; networkDataplane?: string } | null }): boolean {
  const p = cluster.networkProfile;
  return p?.networkPluginMode?.toLowerCase() === 'overlay' && p?.networkDataplane?.toLowerCase() === 'cilium';
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

function reasonOf(err: unknown): string {
  if (err instanceof UserError) return err.message;
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}

/** Scans every cluster of `deps.subscriptions`; never throws for one cluster or subscription. */
export async function scanFleet(deps: FleetScanDeps): Promise<FleetReadiness> {
  const unread: UnreadEntry[] = [];
  const listed: ClusterSummary[] = [];
  for (const sub of deps.subscriptions) {
    try {
      listed.push(...await deps.directory.list(sub));
    } catch (err) {
      deps.logger?.warn({ err, subscriptionId: sub }, 'fleet scan: cannot list clusters');
      unread.push({ id: `/subscriptions/${sub}`, reason: `cannot list the clusters of subscription ${sub}: ${reasonOf(err)}` });
    }
  }
  const cache: NetworkReadCache = new Map();
  let done = 0;
  const results = await mapBounded(listed, deps.concurrency ?? DEFAULT_SCAN_CONCURRENCY, async (ref) => {
    try {
      const base = { clients: deps.clients, logger: deps.logger, kubeRetry: deps.kubeRetry, networkCache: cache };
      // A cluster already on Overlay + Cilium needs only its nodes (did the last migration finish?);
      // the other lists are read only when it did not (then the `guards` checks need them).
      let { snapshot } = await collectSnapshot(ref, { ...base, kubeLists: (c) => (atBothTargets(c) ? NODES_ONLY : KUBE_LISTS) });
      let readiness = clusterReadiness(snapshot);
      if (atBothTargets(snapshot.cluster) && TARGETS.some((t) => readiness.targets[t].verdict !== 'not-needed')) {
        ({ snapshot } = await collectSnapshot(ref, base));
        readiness = clusterReadiness(snapshot);
      }
      return { ok: true as const, readiness, partial: partialRead(snapshot) };
    } catch (err) {
      deps.logger?.warn({ err, cluster: ref.id }, 'fleet scan: cluster unreadable');
      return { ok: false as const, unread: { id: ref.id, reason: reasonOf(err) } };
    } finally {
      done += 1;
      deps.onProgress?.({ done, total: listed.length });
    }
  });
  const clusters: ClusterReadiness[] = [];
  for (const r of results) {
    if (r.ok) {
      clusters.push(r.readiness);
      if (r.partial) unread.push(r.partial);
    } else unread.push(r.unread);
  }
  return { clusters, unread };
}
