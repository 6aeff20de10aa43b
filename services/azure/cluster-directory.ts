// Finds clusters across the configured subscriptions: list, resolve a name (`name`, `rg/name`, a
// resource id) into exactly one cluster, or say plainly that it is ambiguous or not found.
import { distance } from 'fastest-levenshtein';
import { UserError } from '../cluster/errors.ts';
import { parseSnapshot } from '../cluster/load.ts';
import { parseResourceId } from '../cluster/resource-id.ts';
import type { ClusterSnapshot, Dataplane, IpamMode, PolicyEngine } from '../cluster/types.ts';
import type { RetryOptions } from '../kubernetes/retry.ts';
import type { AzureClients } from './clients.ts';
import { collectSnapshot } from './collect-snapshot.ts';

/** The logging the readers need; a pino logger satisfies it. */
export interface LogSink {
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** One managed cluster, named exactly. */
export interface ClusterRef { subscriptionId: string; resourceGroup: string; name: string; id: string }

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

/** What the directory needs. `subscriptions: 'all'` lists them with `GET /subscriptions` (emulator). */
export interface ClusterDirectoryDeps {
  clients: AzureClients;
  subscriptions: string[] | 'all';
  logger?: LogSink;
  kubeRetry?: RetryOptions;
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

/** A directory over the ARM clients; every call reads ARM afresh (no cache). */
export function createClusterDirectory(deps: ClusterDirectoryDeps): ClusterDirectory {
  const subscriptionIds = async (only?: string): Promise<string[]> => {
    const all = deps.subscriptions === 'all'
      ? (await deps.clients.listSubscriptions()).map((s) => s.subscriptionId)
      : deps.subscriptions;
    return only ? [only] : all;
  };

  const listIn = async (subs: string[]): Promise<ClusterSummary[]> => {
    const settled = await Promise.allSettled(subs.map(async (sub) => {
      const out: ClusterSummary[] = [];
      for await (const mc of deps.clients.containerService(sub).managedClusters.list()) {
        const s = summarise(JSON.parse(JSON.stringify(mc)) as Record<string, unknown>, sub);
        if (s) out.push(s);
      }
      return out;
    }));
    const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    failures.forEach((f, i) => deps.logger?.warn({ err: String(f.reason), index: i }, 'cannot list clusters of a subscription'));
    if (subs.length > 0 && failures.length === subs.length) {
      const err = failures[0].reason as Error;
      throw new UserError('ClusterListFailed', `cannot list clusters: ${err.message ?? String(err)}`,
        'Check that the identity has Reader access to the subscription(s) in AZURE_SUBSCRIPTION_IDS.');
    }
    return settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
  };

  return {
    async list(subscriptionId) {
      return listIn(await subscriptionIds(subscriptionId));
    },
    async resolve(q) {
      const clusters = await listIn(await subscriptionIds(q.subscriptionId));
      const name = q.name.toLowerCase();
      const inScope = clusters.filter((c) => !q.resourceGroup || c.resourceGroup.toLowerCase() === q.resourceGroup.toLowerCase());
      const matches = inScope.filter((c) => c.name.toLowerCase() === name);
      const ref = (c: ClusterSummary): ClusterRef => ({ subscriptionId: c.subscriptionId, resourceGroup: c.resourceGroup, name: c.name, id: c.id });
      if (matches.length === 1) return { kind: 'found', ref: ref(matches[0]) };
      if (matches.length > 1) return { kind: 'ambiguous', candidates: matches.map(ref) };
      // Same name elsewhere (wrong -g): suggest it as rg/name; otherwise the closest names in scope.
      const elsewhere = clusters.filter((c) => c.name.toLowerCase() === name).map((c) => `${c.resourceGroup}/${c.name}`);
      const suggestions = elsewhere.length > 0 ? elsewhere : closestNames(q.name, inScope.map((c) => c.name));
      return { kind: 'not-found', query: q, suggestions };
    },
    async snapshot(ref) {
      return (await collectSnapshot(ref, { clients: deps.clients, logger: deps.logger, kubeRetry: deps.kubeRetry })).snapshot;
    },
  };
}
