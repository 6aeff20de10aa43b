// Snapshot loading: validate the file (schema.ts), then normalise ARM / az CLI / kubectl JSON into
// the one `ClusterSnapshot` model and derive the current network mode (domain notes §2).
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { SnapshotFileError } from './errors.ts';
import { parseResourceId } from './resource-id.ts';
import {
  rawFleetSchema, rawSnapshotSchema,
  type RawAgentPool, type RawCluster, type RawKubernetes, type RawRouteTable, type RawSnapshot, type RawVirtualNetwork,
} from './schema.ts';
import type {
  AgentPool, ApiServerAccess, ClusterSnapshot, EntraProfile, DerivedNetwork, KubeConfigMap, KubeNetworkPolicy, KubeNode, KubePodDisruptionBudget,
  KubernetesData, ManagedCluster, RouteTable, UnavailableRead, VirtualNetwork,
} from './types.ts';

type Loose = Record<string, unknown>;

/** Merges an ARM resource's `properties` over its top level (ARM and flattened forms agree after). */
function flat<T extends Loose>(obj: T): T {
  const props = obj.properties;
  if (props && typeof props === 'object') return { ...obj, ...(props as Loose) } as T;
  return obj;
}

/** First defined, non-null value (az prints null for absent). */
function pick<T>(...values: (T | null | undefined)[]): T | undefined {
  for (const v of values) if (v !== undefined && v !== null) return v;
  return undefined;
}

function zodPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) =>
    typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key), '');
}

function firstIssue(error: z.ZodError): { path: string; message: string } {
  // Unions report nested issues; dig to the deepest first one so the path points at the field.
  let issue = error.issues[0];
  let prefix: PropertyKey[] = [];
  while (issue && issue.code === 'invalid_union' && issue.errors.length > 0) {
    prefix = [...prefix, ...issue.path];
    const branches = issue.errors.filter((b) => b.length > 0);
    const best = branches.sort((a, b) => (b[0]?.path.length ?? 0) - (a[0]?.path.length ?? 0))[0];
    if (!best) break;
    issue = best[0];
  }
  if (!issue) return { path: '', message: 'invalid' };
  return { path: zodPath([...prefix, ...issue.path]), message: issue.message };
}

function normaliseCluster(raw: RawCluster, file: string, prefix: string): ManagedCluster {
  const c = flat(raw);
  const idParts = parseResourceId(c.id);
  if (!idParts || idParts.names.length === 0) {
    throw new SnapshotFileError(file, `${prefix}cluster.id`, `not an ARM resource id: "${c.id}"`);
  }
  if (!c.networkProfile) {
    throw new SnapshotFileError(file, `${prefix}cluster${raw.properties ? '.properties' : ''}.networkProfile`,
      'required: the cluster network profile');
  }
  const np = c.networkProfile;
  const addons: Record<string, boolean> = {};
  for (const [name, profile] of Object.entries(c.addonProfiles ?? {})) addons[name] = profile?.enabled === true;
  return {
    id: c.id,
    name: pick(c.name, idParts.names[idParts.names.length - 1])!,
    subscriptionId: idParts.subscriptionId,
    resourceGroup: pick(c.resourceGroup, idParts.resourceGroup)!,
    location: pick(c.location),
    eTag: pick(c.eTag, c.etag),
    provisioningState: pick(c.provisioningState),
    powerState: pick(c.powerState?.code),
    kubernetesVersion: pick(c.kubernetesVersion),
    currentKubernetesVersion: pick(c.currentKubernetesVersion),
    nodeResourceGroup: pick(c.nodeResourceGroup),
    identityType: pick(c.identity?.type),
    networkProfile: {
      networkPlugin: pick(np.networkPlugin),
      networkPluginMode: pick(np.networkPluginMode),
      networkPolicy: pick(np.networkPolicy),
      networkDataplane: pick(np.networkDataplane),
      podCidr: pick(np.podCidr),
      podCidrs: np.podCidrs ?? (np.podCidr ? [np.podCidr] : []),
      serviceCidr: pick(np.serviceCidr),
      serviceCidrs: np.serviceCidrs ?? (np.serviceCidr ? [np.serviceCidr] : []),
      ipFamilies: np.ipFamilies ?? [],
      dnsServiceIp: pick(np.dnsServiceIP, np.dnsServiceIp),
      outboundType: pick(np.outboundType),
    },
    addons,
    nodeProvisioningMode: pick(c.nodeProvisioningProfile?.mode),
    apiServerAccess: normaliseApiServerAccess(c.apiServerAccessProfile),
    ...(c.aadProfile ? { entra: normaliseEntra(c.aadProfile) } : {}),
    ...(typeof c.disableLocalAccounts === 'boolean' ? { disableLocalAccounts: c.disableLocalAccounts } : {}),
  };
}

/** The `apiServerAccessProfile` fields read, in any spelling (ARM, az CLI, SDK model). */
interface RawApiServerAccess {
  authorizedIPRanges?: string[] | null;
  authorizedIpRanges?: string[] | null;
  enablePrivateCluster?: boolean | null;
  enablePrivateClusterPublicFqdn?: boolean | null;
  enablePrivateClusterPublicFQDN?: boolean | null;
  disableRunCommand?: boolean | null;
}

/** The `aadProfile` fields read, in any spelling (ARM, az CLI, SDK model). */
interface RawEntraProfile {
  managed?: boolean | null;
  enableAzureRBAC?: boolean | null;
  enableAzureRbac?: boolean | null;
  tenantID?: string | null;
  tenantId?: string | null;
}

/** `apiServerAccessProfile` in ARM, az CLI or SDK spelling; absent = public and unrestricted. */
export function normaliseApiServerAccess(profile: RawApiServerAccess | null | undefined): ApiServerAccess {
  return {
    privateCluster: profile?.enablePrivateCluster === true,
    privateClusterPublicFqdn: pick(profile?.enablePrivateClusterPublicFqdn, profile?.enablePrivateClusterPublicFQDN) === true,
    authorizedIpRanges: pick(profile?.authorizedIPRanges, profile?.authorizedIpRanges) ?? [],
    runCommandDisabled: profile?.disableRunCommand === true,
  };
}

/** `aadProfile` in ARM, az CLI or SDK spelling. */
export function normaliseEntra(profile: RawEntraProfile): EntraProfile {
  const tenantId = pick(profile.tenantID, profile.tenantId);
  return {
    managed: profile.managed === true,
    azureRbac: pick(profile.enableAzureRBAC, profile.enableAzureRbac) === true,
    ...(tenantId ? { tenantId } : {}),
  };
}

function normalisePool(raw: RawAgentPool, path: string, file: string): AgentPool {
  const p = flat(raw);
  if (!p.name) throw new SnapshotFileError(file, `${path}.name`, 'required: the agent pool name');
  const maxSurge = p.upgradeSettings?.maxSurge;
  return {
    name: p.name,
    id: pick(p.id),
    eTag: pick(p.eTag, p.etag),
    mode: pick(p.mode),
    osType: pick(p.osType),
    osSku: pick(p.osSKU, p.osSku),
    vmSize: pick(p.vmSize),
    // An ARM agent pool resource's own `type` is the resource type; the pool kind is `properties.type`.
    type: pick(raw.properties?.type, p.typePropertiesType, p.type?.includes('/') ? undefined : p.type),
    count: pick(p.count),
    minCount: pick(p.minCount),
    maxCount: pick(p.maxCount),
    enableAutoScaling: p.enableAutoScaling === true,
    maxSurge: p.upgradeSettings ? (maxSurge === undefined ? undefined : maxSurge === null ? null : String(maxSurge)) : undefined,
    vnetSubnetId: pick(p.vnetSubnetID, p.vnetSubnetId),
    podSubnetId: pick(p.podSubnetID, p.podSubnetId),
    nodeImageVersion: pick(p.nodeImageVersion),
    orchestratorVersion: pick(p.orchestratorVersion),
    currentOrchestratorVersion: pick(p.currentOrchestratorVersion),
    provisioningState: pick(p.provisioningState),
    powerState: pick(p.powerState?.code),
  };
}

function normaliseVnet(raw: RawVirtualNetwork): VirtualNetwork {
  const v = flat(raw);
  const parts = parseResourceId(v.id);
  return {
    id: v.id,
    name: pick(v.name, parts?.names[parts.names.length - 1]) ?? v.id,
    resourceGroup: parts?.resourceGroup ?? '',
    addressPrefixes: v.addressSpace?.addressPrefixes ?? [],
    subnets: (v.subnets ?? []).map((rawSubnet) => {
      const s = flat(rawSubnet);
      return {
        id: pick(s.id) ?? `${v.id}/subnets/${s.name ?? ''}`,
        name: pick(s.name) ?? '',
        addressPrefixes: s.addressPrefixes ?? (s.addressPrefix ? [s.addressPrefix] : []),
        routeTableId: pick(s.routeTable?.id),
      };
    }),
    peerings: (v.virtualNetworkPeerings ?? []).map((rawPeering) => {
      const p = flat(rawPeering);
      return {
        name: pick(p.name) ?? '',
        peeringState: pick(p.peeringState),
        remoteVirtualNetworkId: pick(p.remoteVirtualNetwork?.id),
        remoteAddressPrefixes: pick(p.remoteVirtualNetworkAddressSpace?.addressPrefixes, p.remoteAddressSpace?.addressPrefixes) ?? [],
      };
    }),
  };
}

function normaliseRouteTable(raw: RawRouteTable): RouteTable {
  const t = flat(raw);
  const parts = parseResourceId(t.id);
  return {
    id: t.id,
    name: pick(t.name, parts?.names[parts.names.length - 1]) ?? t.id,
    resourceGroup: parts?.resourceGroup ?? '',
    routes: (t.routes ?? []).map((rawRoute) => {
      const r = flat(rawRoute);
      return {
        name: pick(r.name) ?? '',
        addressPrefix: pick(r.addressPrefix),
        nextHopType: pick(r.nextHopType),
        nextHopIpAddress: pick(r.nextHopIpAddress),
      };
    }),
  };
}

function items<T>(list: T[] | { items: T[] } | null | undefined): T[] | undefined {
  if (list === undefined || list === null) return undefined;
  return Array.isArray(list) ? list : list.items;
}

function normaliseKubernetes(raw: RawKubernetes): KubernetesData {
  const nodes = items(raw.nodes)?.map((n): KubeNode => {
    const labels = n.metadata.labels ?? {};
    const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
    return {
      name: n.metadata.name,
      labels,
      pool: labels['kubernetes.azure.com/agentpool'] ?? labels['agentpool'],
      osType: labels['kubernetes.io/os'] ?? pick(n.status?.nodeInfo?.operatingSystem),
      osImage: pick(n.status?.nodeInfo?.osImage),
      kernelVersion: pick(n.status?.nodeInfo?.kernelVersion),
      containerRuntimeVersion: pick(n.status?.nodeInfo?.containerRuntimeVersion),
      unschedulable: n.spec?.unschedulable === true,
      ready: ready?.status === 'True',
    };
  });
  const configMaps = items(raw.configMaps)?.map((c): KubeConfigMap => ({
    name: c.metadata.name,
    namespace: c.metadata.namespace ?? 'default',
    labels: c.metadata.labels ?? {},
    data: c.data ?? {},
  }));
  const networkPolicies = items(raw.networkPolicies)?.map((p): KubeNetworkPolicy => ({
    name: p.metadata.name,
    namespace: p.metadata.namespace ?? 'default',
    spec: (p.spec ?? {}) as Record<string, unknown>,
  }));
  const podDisruptionBudgets = items(raw.podDisruptionBudgets)?.map((p): KubePodDisruptionBudget => ({
    name: p.metadata.name,
    namespace: p.metadata.namespace ?? 'default',
    disruptionsAllowed: pick(p.status?.disruptionsAllowed),
    expectedPods: pick(p.status?.expectedPods),
    currentHealthy: pick(p.status?.currentHealthy),
    desiredHealthy: pick(p.status?.desiredHealthy),
    selector: (p.spec as Loose | undefined)?.selector as Record<string, unknown> | undefined,
  }));
  return { nodes, configMaps, networkPolicies, podDisruptionBudgets };
}

/** Derives mode, data plane and policy engine exactly as domain notes §2 say. */
export function deriveNetwork(cluster: ManagedCluster, pools: AgentPool[]): DerivedNetwork {
  const np = cluster.networkProfile;
  const plugin = (np.networkPlugin ?? '').toLowerCase();
  const pluginMode = (np.networkPluginMode ?? '').toLowerCase();
  let mode: DerivedNetwork['mode'];
  if (plugin === 'kubenet') mode = 'kubenet';
  else if (plugin === 'azure' && pluginMode === 'overlay') mode = 'overlay';
  else if (plugin === 'azure' && pools.some((p) => p.podSubnetId)) mode = 'pod-subnet';
  else if (plugin === 'azure') mode = 'node-subnet';
  else mode = 'byo';
  return {
    mode,
    dataplane: (np.networkDataplane ?? '').toLowerCase() === 'cilium' ? 'cilium' : 'azure',
    networkPolicy: np.networkPolicy ? np.networkPolicy.toLowerCase() : 'none',
    kubernetesVersion: cluster.currentKubernetesVersion ?? cluster.kubernetesVersion,
  };
}

/** Normalises an already schema-valid raw snapshot. */
function normaliseSnapshot(raw: RawSnapshot, source: string, pathPrefix: string): ClusterSnapshot {
  const cluster = normaliseCluster(raw.cluster, source, pathPrefix);
  const rawPools = raw.agentPools ?? flat(raw.cluster).agentPoolProfiles ?? [];
  const poolPath = raw.agentPools ? `${pathPrefix}agentPools` : `${pathPrefix}cluster.agentPoolProfiles`;
  const agentPools = rawPools.map((p, i) => normalisePool(p, `${poolPath}[${i}]`, source));
  const unavailable: UnavailableRead[] = [...(raw.unavailable ?? [])];
  const kubernetes = raw.kubernetes ? normaliseKubernetes(raw.kubernetes) : undefined;
  return {
    source,
    cluster,
    agentPools,
    virtualNetworks: raw.virtualNetworks ? raw.virtualNetworks.map(normaliseVnet) : undefined,
    routeTables: raw.routeTables ? raw.routeTables.map(normaliseRouteTable) : undefined,
    kubernetes,
    unavailable,
    derived: deriveNetwork(cluster, agentPools),
  };
}

/** Validates and normalises one snapshot object; errors name `source` and the JSON path. */
export function parseSnapshot(json: unknown, source: string): ClusterSnapshot {
  const result = rawSnapshotSchema.safeParse(json);
  if (!result.success) {
    const { path, message } = firstIssue(result.error);
    throw new SnapshotFileError(source, path, message);
  }
  return normaliseSnapshot(result.data, source, '');
}

/** Validates and normalises a fleet object (`{ clusters: [...] }`). */
export function parseFleet(json: unknown, source: string): ClusterSnapshot[] {
  const result = rawFleetSchema.safeParse(json);
  if (!result.success) {
    const { path, message } = firstIssue(result.error);
    throw new SnapshotFileError(source, path, message);
  }
  return result.data.clusters.map((c, i) => normaliseSnapshot(c, source, `clusters[${i}].`));
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SnapshotFileError(file, '', code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(err)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new SnapshotFileError(file, '', `not valid JSON (${(err as Error).message})`);
  }
}

/** Reads, validates and normalises a snapshot file. Throws `SnapshotFileError` naming file and path. */
export async function loadSnapshotFile(file: string): Promise<ClusterSnapshot> {
  return parseSnapshot(await readJson(file), file);
}

/** Reads, validates and normalises a fleet file. Throws `SnapshotFileError` naming file and path. */
export async function loadFleetFile(file: string): Promise<ClusterSnapshot[]> {
  return parseFleet(await readJson(file), file);
}
