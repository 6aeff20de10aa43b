// Finds clusters across the configured subscriptions: list, resolve a name (`name`, `rg/name`, a
// resource id) into exactly one cluster, or say plainly that it is ambiguous or not found.
import { distance } from 'fastest-levenshtein';
import { UserError } from '../cluster/errors.ts';
import { parseSnapshot } from '../cluster/load.ts';
import { parseResourceId } from '../cluster/resource-id.ts';
import type { ClusterSnapshot, Dataplane, IpamMode, PolicyEngine } from '../cluster/types.ts';
import { describeFailure, isRetryable, type RetryOptions } from '../kubernetes/retry.ts';
import type { AzureClients } from './clients.ts';
import { collectSnapshot } from './collect-snapshot.ts';
import { AzureFailure, describeAzureFailure, isAzureCallError } from './failures.ts';
import { runWithReadDeadline } from './read-deadline.ts';

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

/** What a user typed to name a cluster. */
export type ClusterQuery = { name: string; resourceGroup?: string; subscriptionId?: string };

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
  snapshot(ref: ClusterRef): Promise<ClusterSnapshot>;
}

/** Parses `name`, `rg/name` or a full managed cluster resource id; `-g`/`-s` fill what the text lacks. */
export function parseClusterQuery(text: string, opts: { resourceGroup?: string; subscriptionId?: string } = {}): ClusterQuery {
  const t = text.trim();
  let q: ClusterQuery;
  if (t.startsWith('/')) {
    const parts = parseResourceId(t);
    if (!parts || parts.types.length !== 1 || parts.types[0].toLowerCase() !== 'managedclusters'
      || parts.provider?.toLowerCase() !== 'microsoft.containerservice') {
      throw new UserError('InvalidClusterId', `not a managed cluster resource id: "${t}"`,
        'Use /subscriptions/SUB/resourceGroups/RG/providers/Microsoft.ContainerService/managedClusters/NAME, RG/NAME or NAME.');
    }
    q = { name: parts.names[0], resourceGroup: parts.resourceGroup, subscriptionId: parts.subscriptionId };
  } else {
    const pieces = t.split('/');
    if (pieces.length > 2 || pieces.some((p) => p.length === 0)) {
      throw new UserError('InvalidClusterName', `not a cluster name: "${t}"`, 'Use NAME, RG/NAME or a full resource id.');
    }
    q = pieces.length === 2 ? { name: pieces[1], resourceGroup: pieces[0] } : { name: pieces[0] };
  }
  for (const key of ['resourceGroup', 'subscriptionId'] as const) {
    const given = opts[key];
    if (!given) continue;
    if (q[key] && q[key]!.toLowerCase() !== given.toLowerCase()) {
      throw new UserError('ConflictingClusterQuery', `"${t}" names ${key} ${q[key]} but ${given} was also given`,
        'Give the resource group and subscription once.');
    }
    q[key] = q[key] ?? given;
  }
  return q;
}

/** The closest cluster names to `name` (edit distance), best first, at most `max`. */
export function closestNames(name: string, candidates: string[], max = 3): string[] {
  const target = name.toLowerCase();
  const limit = Math.max(2, Math.floor(target.length / 3));
  const unique = [...new Set(candidates)];
  return unique
    .map((c) => ({ c, d: Math.min(distance(target, c.toLowerCase()), c.toLowerCase().includes(target) || target.includes(c.toLowerCase()) ? 1 : Infinity) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
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
}

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

/** A directory over the ARM clients; every call reads ARM afresh (no cache). Reads of the cluster list
 * retry (429 with Retry-After, 5xx, network) only while the answer still fits in `readDeadlineMs`;
 * every failure becomes an `AzureFailure` (failures.ts). */
export function createClusterDirectory(deps: ClusterDirectoryDeps): ClusterDirectory {
  const budget = deps.readDeadlineMs ?? DEFAULT_READ_DEADLINE_MS;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  const subscriptionIds = async (only?: string): Promise<string[]> => {
    if (only) {
      // Production rules: a subscription outside AZURE_SUBSCRIPTION_IDS is refused before any request.
      assertSubscriptionInScope(only, deps.subscriptions);
      return [only];
    }
    if (deps.subscriptions !== 'all') return deps.subscriptions;
    try {
      return (await deps.clients.listSubscriptions()).map((s) => s.subscriptionId);
    } catch (err) {
      throw describeAzureFailure(err);
    }
  };

  /** Lists one subscription's clusters; retries within the deadline, else fails with the reason. */
  const listOne = async (sub: string, deadline: number): Promise<ClusterSummary[]> => {
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - Date.now();
      try {
        if (remaining <= 0) throw Object.assign(new Error('deadline reached'), { name: 'AbortError' });
        const out: ClusterSummary[] = [];
        const pages = deps.clients.containerService(sub, 'interactive').managedClusters.list({ abortSignal: AbortSignal.timeout(remaining) });
        for await (const mc of pages) {
          const s = summarise(JSON.parse(JSON.stringify(mc)) as Record<string, unknown>, sub);
          if (s) out.push(s);
        }
        return out;
      } catch (err) {
        const f = describeFailure(err);
        const wait = f.retryAfterSeconds !== undefined ? f.retryAfterSeconds * 1000 : 250 * 2 ** (attempt - 1);
        const fits = Date.now() + wait < deadline - 500;
        if (attempt >= 4 || !isRetryable(f) || !fits) throw describeAzureFailure(err, { subscriptionId: sub });
        deps.logger?.debug({ subscriptionId: sub, attempt, waitMs: wait, reason: f.status ?? f.networkCode }, 'retrying the cluster list');
        await sleep(wait);
      }
    }
  };

  const listIn = async (subs: string[]): Promise<{ clusters: ClusterSummary[]; failures: AzureFailure[] }> => {
    const deadline = Date.now() + budget;
    const settled = await Promise.allSettled(subs.map((sub) => listOne(sub, deadline)));
    const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [describeAzureFailure(s.reason, { subscriptionId: subs[i] })] : []));
    for (const f of failures) deps.logger?.warn({ err: f, subscriptionId: f.facts.subscriptionId, reason: f.facts.reason }, 'cannot list clusters of a subscription');
    if (subs.length > 0 && failures.length === subs.length) throw failures[0];
    return { clusters: settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : [])), failures };
  };

  return {
    async list(subscriptionId) {
      return (await listIn(await subscriptionIds(subscriptionId))).clusters;
    },
    async resolve(q) {
      const { clusters, failures } = await listIn(await subscriptionIds(q.subscriptionId));
      const name = q.name.toLowerCase();
      const inScope = clusters.filter((c) => !q.resourceGroup || c.resourceGroup.toLowerCase() === q.resourceGroup.toLowerCase());
      const matches = inScope.filter((c) => c.name.toLowerCase() === name);
      const ref = (c: ClusterSummary): ClusterRef => ({ subscriptionId: c.subscriptionId, resourceGroup: c.resourceGroup, name: c.name, id: c.id });
      if (matches.length === 1) return { kind: 'found', ref: ref(matches[0]) };
      if (matches.length > 1) return { kind: 'ambiguous', candidates: matches.map(ref) };
      // Not found while a subscription could not be read: say why instead of a misleading "not found".
      if (failures.length > 0) throw failures[0];
      // Same name elsewhere (wrong -g): suggest it as rg/name; otherwise the closest names in scope.
      const elsewhere = clusters.filter((c) => c.name.toLowerCase() === name).map((c) => `${c.resourceGroup}/${c.name}`);
      const suggestions = elsewhere.length > 0 ? elsewhere : closestNames(q.name, inScope.map((c) => c.name));
      return { kind: 'not-found', query: q, suggestions };
    },
    async snapshot(ref) {
      assertSubscriptionInScope(ref.subscriptionId, deps.subscriptions);
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
    },
  };
}
