// Finds clusters across the configured subscriptions: list, resolve a name (`name`, `rg/name`, a
// resource id) into exactly one cluster, or say plainly that it is ambiguous or not found.
import { UserError } from '../cluster/errors.ts';
import { parseSnapshot } from '../cluster/load.ts';
import { parseResourceId } from '../cluster/resource-id.ts';
import type { ClusterSnapshot, Dataplane, IpamMode, PolicyEngine } from '../cluster/types.ts';
import { describeFailure } from '../retry/failure.ts';
import { withRetry, type RetryOptions } from '../retry/retry.ts';
import type { AzureClients } from './clients.ts';
import { collectSnapshot } from './collect-snapshot.ts';
import { AzureFailure, describeAzureFailure, isAzureCallError } from './failures.ts';
import { runWithReadDeadline } from './read-deadline.ts';
import { TtlCache } from './ttl-cache.ts';
import { closestNames, type ClusterQuery } from './cluster-query.ts';

export { closestNames, parseClusterQuery, type ClusterQuery } from './cluster-query.ts';

// LogSink and ClusterRef live in cluster-ref.ts (collect-snapshot.ts needs them too); exported here as before.
import type { ClusterRef, LogSink } from './cluster-ref.ts';
export type { ClusterRef, LogSink } from './cluster-ref.ts';

/** A listed cluster with its derived network mode. */
export interface ClusterSummary extends ClusterRef {
  location?: string;
  mode: IpamMode;
  dataplane: Dataplane;
  networkPolicy: PolicyEngine;
  kubernetesVersion?: string;
  provisioningState?: string;
}


/** Outcome of a resolve: one cluster, several, or none (with the closest names). */
export type ResolveResult =
  | { kind: 'found'; ref: ClusterRef }
  | { kind: 'ambiguous'; candidates: ClusterRef[] }
  | { kind: 'not-found'; query: ClusterQuery; suggestions: string[] };

/** Clusters NetPilot can see. */
export interface ClusterDirectory {
  /** Clusters of every configured subscription, or of `subscriptionId` only (throws when it cannot be listed). */
  list(subscriptionId?: string): Promise<ClusterSummary[]>;
  resolve(q: ClusterQuery): Promise<ResolveResult>;
  /** A snapshot of `ref`, at most the snapshot TTL old unless `fresh` (then read now). */
  snapshot(ref: ClusterRef, options?: { fresh?: boolean }): Promise<ClusterSnapshot>;
}

/** What the directory needs. `subscriptions: 'all'` lists them with `GET /subscriptions` (emulator);
 * a list is the scope: a subscription outside it is refused before any request names it. */
export interface ClusterDirectoryDeps {
  clients: AzureClients;
  subscriptions: string[] | 'all';
  logger?: LogSink;
  kubeRetry?: RetryOptions;
  /** Time budget of one cluster list/resolve, retries included (default 9 s: inside a Teams turn). */
  readDeadlineMs?: number;
  /** Injectable wait between retries (tests). */
  sleep?: (ms: number) => Promise<void>;
  /** How long a subscription's cluster list resolves names without reading ARM again (default
   * DEFAULT_DIRECTORY_TTL_MS); a stale list is still used once while it is refreshed in the background,
   * and a name it lacks is looked up afresh. 0 = no cache. */
  directoryTtlMs?: number;
  /** How long a cluster snapshot is reused by repeated checks (default DEFAULT_SNAPSHOT_TTL_MS); any
   * write NetPilot sends for the cluster drops it. 0 = no cache. */
  snapshotTtlMs?: number;
  /** Time source of both caches (tests). */
  now?: () => number;
}

/** Default age up to which a subscription's cluster list is used to resolve names. */
export const DEFAULT_DIRECTORY_TTL_MS = 5 * 60_000;
/** A stale list older than this is not served even while refreshing: it is read again first. */
const DIRECTORY_MAX_STALE_MS = 60 * 60_000;
/** Default age up to which a snapshot is reused (AKS allows about 60 GETs per cluster, then 1 a second). */
export const DEFAULT_SNAPSHOT_TTL_MS = 10_000;

/** Default time budget of a cluster list or resolve, retries included. */
export const DEFAULT_READ_DEADLINE_MS = 9_000;

/** Throws `AzureFailure` (out-of-scope) when `subscriptionId` is not one of `allowed`; `'all'` allows any. */
export function assertSubscriptionInScope(subscriptionId: string, allowed: string[] | 'all'): void {
  if (allowed === 'all') return;
  if (allowed.some((s) => s.toLowerCase() === subscriptionId.toLowerCase())) return;
  throw new AzureFailure({ reason: 'out-of-scope', subscriptionId, detail: 'not in AZURE_SUBSCRIPTION_IDS', allowedSubscriptions: [...allowed] });
}

function summarise(cluster: Record<string, unknown>, subscriptionId: string): ClusterSummary | undefined {
  const id = typeof cluster.id === 'string' ? cluster.id : undefined;
  const parts = id ? parseResourceId(id) : undefined;
  if (!id || !parts || parts.names.length === 0) return undefined;
  // Reuse the loader so a listed cluster's mode is derived exactly like a snapshot's.
  const snap = parseSnapshot({ cluster: { ...cluster, networkProfile: cluster.networkProfile ?? {} } }, `list:${id}`);
  return {
    subscriptionId: parts.subscriptionId || subscriptionId,
    resourceGroup: parts.resourceGroup,
    name: snap.cluster.name,
    id,
    location: snap.cluster.location,
    mode: snap.derived.mode,
    dataplane: snap.derived.dataplane,
    networkPolicy: snap.derived.networkPolicy,
    kubernetesVersion: snap.derived.kubernetesVersion,
    provisioningState: snap.cluster.provisioningState,
  };
}

/** A directory over the ARM clients. Cluster lists are cached per subscription (`directoryTtlMs`), so a
 * name resolves without listing every subscription on every message; a name with its resource group
 * (`-g`, `rg/name`, a resource id) goes straight to the cluster. Snapshots are cached for
 * `snapshotTtlMs` per cluster and dropped on any write through the same clients. Reads of the cluster
 * list retry (429 with Retry-After, 5xx, network) only while the answer still fits in `readDeadlineMs`;
 * every failure becomes an `AzureFailure` (failures.ts). */
export function createClusterDirectory(deps: ClusterDirectoryDeps): ClusterDirectory {
  const budget = deps.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = deps.now ?? Date.now;
  const listTtl = deps.directoryTtlMs ?? DEFAULT_DIRECTORY_TTL_MS;
  const lists = new TtlCache<ClusterSummary[]>(listTtl, now);
  const subs = new TtlCache<string[]>(listTtl, now);
  const snapshots = new TtlCache<ClusterSnapshot>(deps.snapshotTtlMs ?? DEFAULT_SNAPSHOT_TTL_MS, now, 2_000);
  deps.clients.onWrite?.((path) => {
    // A write to a cluster (or below it: pools, abort) drops its snapshot; anything else, all of them.
    const m = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.containerservice\/managedclusters\/[^/]+/.exec(path);
    if (m) snapshots.delete(m[0]);
    else snapshots.deleteWhere(() => true);
  });

  const allSubscriptions = async (): Promise<string[]> => {
    try {
      return await subs.get('all', async () => (await deps.clients.listSubscriptions()).map((s) => s.subscriptionId));
    } catch (err) {
      throw describeAzureFailure(err);
    }
  };

  const subscriptionIds = async (only?: string): Promise<string[]> => {
    if (only) {
      // Production rules: a subscription outside AZURE_SUBSCRIPTION_IDS is refused before any request.
      assertSubscriptionInScope(only, deps.subscriptions);
      return [only];
    }
    if (deps.subscriptions !== 'all') return deps.subscriptions;
    return allSubscriptions();
  };

  /** Lists one subscription's clusters; retries (services/retry) within the deadline, else fails with the reason. */
  const listOne = async (sub: string, deadline: number): Promise<ClusterSummary[]> => {
    try {
      return await withRetry(async () => {
        const remaining = deadline - Date.now();
        if (remaining <= 0) throw Object.assign(new Error('deadline reached'), { name: 'AbortError' });
        const out: ClusterSummary[] = [];
        const pages = deps.clients.containerService(sub, 'interactive').managedClusters.list({ abortSignal: AbortSignal.timeout(remaining) });
        for await (const mc of pages) {
          const s = summarise(JSON.parse(JSON.stringify(mc)) as Record<string, unknown>, sub);
          if (s) out.push(s);
        }
        return out;
      }, {
        attempts: 4, deadline, sleep,
        onRetry: (r) => deps.logger?.debug({ subscriptionId: sub, attempt: r.attempt, waitMs: r.delayMs, reason: r.reason }, 'retrying the cluster list'),
      });
    } catch (err) {
      throw describeAzureFailure(err, { subscriptionId: sub });
    }
  };

  /** `fresh`: read every subscription now; `cached`: fresh lists as they are, stale ones served once while
   * they refresh in the background (a list older than DIRECTORY_MAX_STALE_MS is read first). */
  const listIn = async (ids: string[], use: 'fresh' | 'cached'): Promise<{ clusters: ClusterSummary[]; failures: AzureFailure[] }> => {
    const deadline = Date.now() + budget;
    const key = (sub: string) => sub.toLowerCase();
    const one = (sub: string): Promise<ClusterSummary[]> => {
      if (use === 'fresh' || listTtl <= 0) return lists.load(key(sub), () => listOne(sub, deadline));
      if (lists.isFresh(key(sub))) return lists.get(key(sub), () => listOne(sub, deadline));
      const stale = lists.peek(key(sub));
      const refresh = lists.load(key(sub), () => listOne(sub, Date.now() + budget));
      if (stale && stale.ageMs < DIRECTORY_MAX_STALE_MS) {
        refresh.catch((err: unknown) => deps.logger?.debug({ err, subscriptionId: sub }, 'background cluster list refresh failed'));
        return Promise.resolve(stale.value);
      }
      return refresh;
    };
    const settled = await Promise.allSettled(ids.map(one));
    const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [describeAzureFailure(s.reason, { subscriptionId: ids[i] })] : []));
    for (const f of failures) deps.logger?.warn({ err: f, subscriptionId: f.facts.subscriptionId, reason: f.facts.reason }, 'cannot list clusters of a subscription');
    if (ids.length > 0 && failures.length === ids.length) throw failures[0];
    return { clusters: settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : [])), failures };
  };

  const ref = (c: ClusterRef): ClusterRef => ({ subscriptionId: c.subscriptionId, resourceGroup: c.resourceGroup, name: c.name, id: c.id });

  /** Matches `q` in `clusters`: found, ambiguous, or undefined (no match). */
  const match = (q: ClusterQuery, clusters: ClusterSummary[]): ResolveResult | undefined => {
    const name = q.name.toLowerCase();
    const matches = clusters.filter((c) => c.name.toLowerCase() === name
      && (!q.resourceGroup || c.resourceGroup.toLowerCase() === q.resourceGroup.toLowerCase()));
    if (matches.length === 1) return { kind: 'found', ref: ref(matches[0]) };
    if (matches.length > 1) return { kind: 'ambiguous', candidates: matches.map(ref) };
    return undefined;
  };

  /** `-g`/`rg/name`/resource id: one GET per subscription in scope, no list. Undefined when none answers 200. */
  const direct = async (q: ClusterQuery & { resourceGroup: string }): Promise<ResolveResult | undefined> => {
    const ids = await subscriptionIds(q.subscriptionId);
    const settled = await Promise.allSettled(ids.map(async (sub) => {
      const mc = await runWithReadDeadline(budget, () => deps.clients.containerService(sub, 'interactive').managedClusters.get(q.resourceGroup, q.name));
      return summarise(JSON.parse(JSON.stringify(mc)) as Record<string, unknown>, sub);
    }));
    const found = settled.flatMap((s) => (s.status === 'fulfilled' && s.value ? [s.value] : []));
    if (found.length > 0) return match(q, found) ?? { kind: 'found', ref: ref(found[0]) };
    // Only "no such cluster" answers fall through to the list (for suggestions); any other failure is said.
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && describeFailure(s.reason).status !== 404);
    if (failed) throw describeAzureFailure(failed.reason, { subscriptionId: q.subscriptionId });
    return undefined;
  };

  return {
    async list(subscriptionId) {
      return (await listIn(await subscriptionIds(subscriptionId), 'fresh')).clusters;
    },
    async resolve(q) {
      if (q.resourceGroup) {
        const hit = await direct({ ...q, resourceGroup: q.resourceGroup });
        if (hit) return hit;
      }
      const ids = await subscriptionIds(q.subscriptionId);
      let { clusters, failures } = await listIn(ids, 'cached');
      let found = match(q, clusters);
      if (!found && !q.resourceGroup) {
        // A miss in a cached list may be a cluster created since: read the lists afresh once.
        ({ clusters, failures } = await listIn(ids, 'fresh'));
        found = match(q, clusters);
      }
      if (found) return found;
      // Not found while a subscription could not be read: say why instead of a misleading "not found".
      if (failures.length > 0) throw failures[0];
      // Same name elsewhere (wrong -g): suggest it as rg/name; otherwise the closest names in scope.
      const name = q.name.toLowerCase();
      const inScope = clusters.filter((c) => !q.resourceGroup || c.resourceGroup.toLowerCase() === q.resourceGroup.toLowerCase());
      const elsewhere = clusters.filter((c) => c.name.toLowerCase() === name).map((c) => `${c.resourceGroup}/${c.name}`);
      const suggestions = elsewhere.length > 0 ? elsewhere : closestNames(q.name, inScope.map((c) => c.name));
      return { kind: 'not-found', query: q, suggestions };
    },
    async snapshot(cluster, options = {}) {
      assertSubscriptionInScope(cluster.subscriptionId, deps.subscriptions);
      const key = cluster.id.toLowerCase();
      // A partly read snapshot is not kept: the next check tries the missing sections again.
      const read = () => readSnapshot(cluster).then((s) => {
        if (s.unavailable.length > 0) queueMicrotask(() => snapshots.delete(key));
        return s;
      });
      return options.fresh ? snapshots.load(key, read) : snapshots.get(key, read);
    },
  };

  function readSnapshot(ref: ClusterRef): Promise<ClusterSnapshot> {
    // ARM reads of the snapshot share one budget: a Retry-After beyond it is answered, not waited for.
    // Requests are not aborted: a private cluster's runCommand read may legitimately take longer.
    return runWithReadDeadline(budget, async (ctx) => {
      const throttled = (): AzureFailure | undefined => (ctx.throttled
        ? new AzureFailure({ reason: 'throttled', subscriptionId: ref.subscriptionId, status: ctx.throttled.status,
          retryAfterSeconds: ctx.throttled.retryAfterSeconds, detail: `Retry-After ${ctx.throttled.retryAfterSeconds} s` })
        : undefined);
      let snapshot: ClusterSnapshot;
      try {
        snapshot = (await collectSnapshot(ref, { clients: deps.clients, logger: deps.logger, kubeRetry: deps.kubeRetry })).snapshot;
      } catch (err) {
        const t = throttled();
        if (t) throw t;
        // collectSnapshot's own user errors (cluster unreadable, with its hint) pass; raw ARM errors are mapped.
        if (err instanceof UserError || !isAzureCallError(err)) throw err;
        throw describeAzureFailure(err, { subscriptionId: ref.subscriptionId });
      }
      // A section lost to throttling would only make the preflight blocked: say when to try again instead.
      const t = throttled();
      if (t) throw t;
      return snapshot;
    }, { abort: false });
  }
}
