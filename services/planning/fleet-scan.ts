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

/** Clusters of one subscription read at the same time unless told otherwise (inside ARM's
 * per-subscription read bucket). */
export const DEFAULT_SCAN_CONCURRENCY = 6;
/** At most this many clusters in flight by default, whatever the number of subscriptions (each holds
 * up to four Kubernetes connections while it is read). */
export const MAX_DEFAULT_CONCURRENCY = 48;

/** What the scan needs. */
export interface FleetScanDeps {
  clients: AzureClients;
  directory: ClusterDirectory;
  /** Subscriptions to scan, each listed once. */
  subscriptions: readonly string[];
  /** Clusters read at once (default DEFAULT_SCAN_CONCURRENCY per subscription scanned, at most
   * MAX_DEFAULT_CONCURRENCY; at least 1). */
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

/** One item of each list in turn: [[a1, a2], [b1]] -> [a1, b1, a2]. */
export function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i += 1) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

type ScanResult = { ok: true; readiness: ClusterReadiness; partial: UnreadEntry | undefined } | { ok: false; unread: UnreadEntry };

function reasonOf(err: unknown): string {
  if (err instanceof UserError) return err.message;
  return err instanceof Error ? err.message.split('\n')[0] : String(err);
}

/** Scans every cluster of `deps.subscriptions`; never throws for one cluster or subscription. */
export async function scanFleet(deps: FleetScanDeps): Promise<FleetReadiness> {
  const unread: UnreadEntry[] = [];
  const perSubscription = Math.max(1, deps.concurrency ?? DEFAULT_SCAN_CONCURRENCY);
  // Subscriptions are listed at the same time (each one's pages follow one another).
  const lists = await mapBounded(deps.subscriptions, perSubscription, async (sub) => {
    try {
      return await deps.directory.list(sub);
    } catch (err) {
      deps.logger?.warn({ err, subscriptionId: sub }, 'fleet scan: cannot list clusters');
      return { sub, reason: `cannot list the clusters of subscription ${sub}: ${reasonOf(err)}` };
    }
  });
  const listed: ClusterSummary[] = [];
  const groups: ClusterSummary[][] = [];
  for (const l of lists) {
    if (Array.isArray(l)) {
      listed.push(...l);
      groups.push(l);
    } else unread.push({ id: `/subscriptions/${l.sub}`, reason: l.reason });
  }
  // Read in turns across subscriptions, so that the clusters in flight draw on every subscription's
  // read bucket instead of emptying the first one's while the others wait; results keep list order.
  let offset = 0;
  const order = interleave(groups.map((g) => {
    const indexes = g.map((_, i) => offset + i);
    offset += g.length;
    return indexes;
  }));
  const concurrency = deps.concurrency ?? Math.min(MAX_DEFAULT_CONCURRENCY, DEFAULT_SCAN_CONCURRENCY * Math.max(1, groups.length));
  const cache: NetworkReadCache = new Map();
  let done = 0;
  async function readOne(ref: ClusterSummary): Promise<ScanResult> {
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
  }
  const results = new Array<ScanResult>(listed.length);
  await mapBounded(order, concurrency, async (index) => {
    results[index] = await readOne(listed[index]);
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
