// collectSnapshot: every read a preflight needs, done once, up front (style.md 3). ARM (cluster,
// pools), NET (VNets with subnets and peerings, route tables) and K8S (via the cluster's user
// kubeconfig) run in parallel; a read that fails becomes an `unavailable` entry with its reason.
// The result is the snapshot FILE form (spec §6 + `unavailable`) and its parse, so both agree.
import type { ManagedCluster as SdkManagedCluster } from '@azure/arm-containerservice';
import { UserError } from '../cluster/errors.ts';
import { normaliseApiServerAccess, normaliseEntra, parseSnapshot } from '../cluster/load.ts';
import { parseResourceId, vnetIdOfSubnet } from '../cluster/resource-id.ts';
import type { ClusterSnapshot, SnapshotSection, UnavailableKind, UnavailableRead } from '../cluster/types.ts';
import { AksKubernetesSession, type KubeReadPath } from '../kubernetes/aks-reader.ts';
import { unavailableKind } from '../kubernetes/failures.ts';
import { unavailableReason, KUBE_LISTS, type KubeListName, type KubeListObject } from '../kubernetes/reader.ts';
import { describeFailure } from '../retry/failure.ts';
import type { RetryOptions } from '../retry/retry.ts';
import type { AzureClients } from './clients.ts';
import type { ClusterRef, LogSink } from './cluster-ref.ts';

/** What `collectSnapshot` needs. */
export interface CollectDeps {
  clients: AzureClients;
  logger?: LogSink;
  /** Retries of Kubernetes reads (ARM reads retry in the SDK pipeline). */
  kubeRetry?: RetryOptions;
  /** Per-scan cache of VNet and route table GETs by resource id (a fleet scan reads each once). */
  networkCache?: NetworkReadCache;
  /** The Kubernetes lists to read for this cluster (default: every list a check may need). A list
   * left out is absent from the snapshot (the checks that need it fail closed), not `unavailable`. */
  kubeLists?: (cluster: SdkManagedCluster) => readonly KubeListName[];
}

/** Network resource reads shared by the snapshots of one scan, keyed by lower-case resource id. */
export type NetworkReadCache = Map<string, Promise<Record<string, unknown>>>;

/** `read()` once per resource id when a cache is given; a failure is kept too (the SDK already retried it). */
function cachedRead(cache: NetworkReadCache | undefined, id: string, read: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  if (!cache) return read();
  const key = id.toLowerCase();
  const hit = cache.get(key);
  if (hit) return hit;
  const p = read();
  cache.set(key, p);
  return p;
}

/** A live snapshot: the file form (`raw`, loads back through parseSnapshot) and its parse. */
export interface CollectedSnapshot {
  snapshot: ClusterSnapshot;
  raw: RawSnapshotFile;
  /** How Kubernetes was read: the API server, AKS runCommand, or not at all. */
  kubernetesVia: KubeReadPath;
}

/** The snapshot file form written by `netpilot snapshot` (spec/interfaces.md §6 + `unavailable`). */
export interface RawSnapshotFile {
  cluster: Record<string, unknown>;
  agentPools?: Record<string, unknown>[];
  virtualNetworks?: Record<string, unknown>[];
  routeTables?: Record<string, unknown>[];
  kubernetes?: Partial<Record<KubeListName, KubeListObject>>;
  unavailable?: UnavailableRead[];
}

/** Plain JSON of an SDK model: flattened SDK spellings kept, Dates as ISO strings, undefined dropped. */
function plain<T>(value: T): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? undefined : v))) as Record<string, unknown>;
}

async function collectAll<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function armReason(err: unknown, what: string): string {
  const f = describeFailure(err);
  if (f.status === 401) {
    return `${what}: ARM refused NetPilot's token (401): ${f.message}. Check NetPilot's Azure identity (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET or the managed identity) and AZURE_ENVIRONMENT.`;
  }
  if (f.status === 403) {
    return `${what}: forbidden (403): ${f.message}. Grant NetPilot's identity the Reader role on it.`;
  }
  return unavailableReason(err, what);
}

function uniqueIds(ids: (string | undefined)[]): string[] {
  const seen = new Map<string, string>();
  for (const id of ids) if (id && !seen.has(id.toLowerCase())) seen.set(id.toLowerCase(), id);
  return [...seen.values()];
}

/** Reads one cluster. Throws a UserError only when the cluster itself cannot be read. */
export async function collectSnapshot(ref: ClusterRef, deps: CollectDeps): Promise<CollectedSnapshot> {
  const log = deps.logger;
  const aks = deps.clients.containerService(ref.subscriptionId);
  let cluster: SdkManagedCluster;
  try {
    cluster = await aks.managedClusters.get(ref.resourceGroup, ref.name);
  } catch (err) {
    const f = describeFailure(err);
    throw new UserError('ClusterUnreadable', armReason(err, `cluster ${ref.resourceGroup}/${ref.name}`),
      f.status === 404 ? 'Check the name, resource group (-g) and subscription (-s).' : 'Check access to the cluster and try again.');
  }
  const unavailable: UnavailableRead[] = [];
  const miss = (section: SnapshotSection, reason: string, kind?: UnavailableKind) => {
    unavailable.push({ section, reason, ...(kind ? { kind } : {}) });
    log?.warn({ cluster: ref.id, section, reason }, 'snapshot read unavailable');
  };

  const poolsRead = collectAll(aks.agentPools.list(ref.resourceGroup, ref.name)).then(
    (pools) => ({ ok: true as const, pools }),
    (err: unknown) => ({ ok: false as const, reason: armReason(err, 'agent pools') }),
  );

  // Kubernetes: the cluster user kubeconfig, an Entra ID token from NetPilot's own credential (never
  // kubelogin), and AKS runCommand for a private / IP-restricted API server that does not answer.
  const session = new AksKubernetesSession(aks, {
    resourceGroup: ref.resourceGroup, name: ref.name,
    access: normaliseApiServerAccess(cluster.apiServerAccessProfile),
    ...(cluster.aadProfile ? { entra: normaliseEntra(cluster.aadProfile) } : {}),
  }, { ...deps.clients.kubeAccess, ...(deps.kubeRetry ? { retry: deps.kubeRetry } : {}) }, log);
  const lists = deps.kubeLists?.(cluster) ?? KUBE_LISTS;
  const kubeRead = session.read(lists);

  // VNets: the cluster's own pool profiles name the subnets, so their VNets are read right away, in
  // parallel with the pool list (one round trip after the cluster, not two); a VNet only the pool list
  // names is read when it arrives. Reads go through the scan's cache, or one of this snapshot's own.
  const cache: NetworkReadCache = deps.networkCache ?? new Map();
  const readVnet = (id: string): Promise<Record<string, unknown>> => {
    const parts = parseResourceId(id);
    if (!parts) return Promise.reject(new Error(`not a VNet id: ${id}`));
    return cachedRead(cache, id, async () =>
      plain(await deps.clients.network(parts.subscriptionId).virtualNetworks.get(parts.resourceGroup, parts.names[0])));
  };
  const vnetsOf = (profiles: { vnetSubnetID?: string | null }[]) =>
    uniqueIds(profiles.map((p) => (p.vnetSubnetID ? vnetIdOfSubnet(p.vnetSubnetID) : undefined)));
  // Started now; awaited below only if the pool list still names it (an unused failure is not unhandled).
  for (const id of vnetsOf(cluster.agentPoolProfiles ?? [])) readVnet(id).catch(() => undefined);
  let nodeRgVnets: Promise<Record<string, unknown>[]> | undefined;
  const listNodeRgVnets = (nodeRg: string) => (nodeRgVnets ??= collectAll(deps.clients.network(ref.subscriptionId).virtualNetworks.list(nodeRg)).then((vs) => vs.map(plain)));
  if (cluster.nodeResourceGroup && (cluster.agentPoolProfiles ?? []).some((p) => !p.vnetSubnetID)) {
    listNodeRgVnets(cluster.nodeResourceGroup).catch(() => undefined);
  }

  const netRead = poolsRead.then(async (pools) => {
    const profiles = pools.ok ? pools.pools : cluster.agentPoolProfiles ?? [];
    const subnetIds = profiles.map((p) => p.vnetSubnetID ?? undefined);
    const vnetIds = vnetsOf(profiles);
    const needNodeRg = profiles.some((p) => !p.vnetSubnetID);
    const reads: Promise<Record<string, unknown>[]>[] = vnetIds.map(async (id) => [await readVnet(id)]);
    if (needNodeRg && cluster.nodeResourceGroup) reads.push(listNodeRgVnets(cluster.nodeResourceGroup));
    const settled = await Promise.allSettled(reads);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      // Partial network data would look complete to the checks: report the section as not read.
      const reason = armReason(failed.reason, 'virtual networks');
      return { vnets: undefined, vnetReason: reason, routeTables: undefined, routeReason: `route tables: not read because ${reason}` };
    }
    const vnets = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
    const deduped = new Map(vnets.map((v) => [String(v.id).toLowerCase(), v]));
    const isPoolSubnet = (id: string | undefined) => subnetIds.some((sid) => !!id && sid?.toLowerCase() === id.toLowerCase());
    const isByoVnet = (id: unknown) => vnetIds.some((vid) => vid.toLowerCase() === String(id).toLowerCase());
    const routeIds = uniqueIds([...deduped.values()].flatMap((v) =>
      ((v.subnets ?? []) as { id?: string; routeTable?: { id?: string } }[])
        // A BYO VNet: only the pools' own subnets count; a node-resource-group VNet: all its subnets.
        .filter((sub) => !isByoVnet(v.id) || isPoolSubnet(sub.id))
        .map((sub) => sub.routeTable?.id)));
    const routeSettled = await Promise.allSettled(routeIds.map(async (id) => {
      const parts = parseResourceId(id);
      if (!parts) throw new Error(`not a route table id: ${id}`);
      return cachedRead(cache, id, async () =>
        plain(await deps.clients.network(parts.subscriptionId).routeTables.get(parts.resourceGroup, parts.names[0])));
    }));
    const routeFailed = routeSettled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    return {
      vnets: [...deduped.values()],
      vnetReason: undefined,
      routeTables: routeFailed ? undefined : routeSettled.map((s) => (s as PromiseFulfilledResult<Record<string, unknown>>).value),
      routeReason: routeFailed ? armReason(routeFailed.reason, 'route tables') : undefined,
    };
  });

  const [pools, kube, net] = await Promise.allSettled([poolsRead, kubeRead, netRead]);

  const raw: RawSnapshotFile = { cluster: plain(cluster) };
  if (pools.status === 'fulfilled' && pools.value.ok) raw.agentPools = pools.value.pools.map(plain);
  else if (pools.status === 'fulfilled' && !pools.value.ok) {
    // The cluster's agentPoolProfiles stand in (the loader's default); say so in the log only.
    log?.warn({ cluster: ref.id, reason: pools.value.reason }, 'agent pools unreadable; using agentPoolProfiles');
  }

  if (net.status === 'fulfilled') {
    if (net.value.vnets) raw.virtualNetworks = net.value.vnets;
    else miss('virtualNetworks', net.value.vnetReason ?? 'virtual networks: not read');
    if (net.value.routeTables) raw.routeTables = net.value.routeTables;
    else miss('routeTables', net.value.routeReason ?? 'route tables: not read');
  } else {
    miss('virtualNetworks', armReason(net.reason, 'virtual networks'));
    miss('routeTables', armReason(net.reason, 'route tables'));
  }

  let kubernetesVia: KubeReadPath = 'none';
  if (kube.status === 'rejected') {
    miss('kubernetes', unavailableReason(kube.reason, 'Kubernetes'), 'other');
  } else if (kube.value.failures.length === lists.length) {
    kubernetesVia = kube.value.via;
    miss('kubernetes', kube.value.failures[0].reason, unavailableKind(kube.value.failures[0].kind));
  } else {
    kubernetesVia = kube.value.via;
    raw.kubernetes = kube.value.lists;
    for (const f of kube.value.failures) if (f.list !== 'pods') miss(`kubernetes.${f.list}`, f.reason, unavailableKind(f.kind));
  }
  if (unavailable.length > 0) raw.unavailable = unavailable;

  const snapshot = parseSnapshot(raw, `live:${ref.id}`);
  return { snapshot, raw, kubernetesVia };
}
