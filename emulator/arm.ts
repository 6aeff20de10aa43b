// ARM REST API of the emulator: Microsoft.ContainerService managed clusters and agent pools,
// Microsoft.Network virtual networks / subnets / route tables, subscriptions, async operations.
import { randomUUID } from 'node:crypto';
import { stringify } from 'yaml';
import type { Json } from './fleet.ts';
import { parseArmId } from './fleet.ts';
import { EmulatorState, type ClusterState, type Operation } from './state.ts';
import type { BucketName, Throttle } from './throttle.ts';
import { validateClusterUpdate } from './validation.ts';

/** One HTTP request as the router sees it. */
export interface ArmRequest {
  method: string;
  /** Path without query, URL-decoded segments kept as sent. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A response to write. */
export interface ArmResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What the ARM router needs from the server. */
export interface ArmContext {
  state: EmulatorState;
  throttle: Throttle;
  baseUrl: () => string;
  caPem: () => string;
  pageSize: number;
  speed: number;
}

const TENANT = '3c0e4a1b-6d2f-4e8a-9b7c-5d1f2e3a4b6c';
const OPERATION_API_VERSION = '2017-08-31';

/** ARM error body. */
export function armError(status: number, code: string, message: string, headers?: Record<string, string>): ArmResponse {
  return { status, headers, body: { error: { code, message } } };
}

function header(req: ArmRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function notFound(kind: string, name: string, rg?: string): ArmResponse {
  return armError(404, 'ResourceNotFound', `The Resource '${kind}/${name}' under resource group '${rg ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

/** The operation GUID with its first three groups byte-swapped, as AKS names its operations. */
export function operationName(id: string): string {
  const g = id.split('-');
  const swap = (s: string) => (s.match(/../g) ?? []).reverse().join('');
  return [swap(g[0]), swap(g[1]), swap(g[2]), g[3], g[4]].join('-');
}

/** ARM wire form of a cluster with its pools inline. */
export function clusterBody(c: ClusterState): Json {
  const props = c.cluster.properties as Json;
  const { networkProfile, ...rest } = props;
  const ordered: Json = {};
  for (const [k, v] of Object.entries(rest)) {
    ordered[k] = v;
    if (k === 'azurePortalFQDN' || (k === 'fqdn' && !('azurePortalFQDN' in rest))) ordered.agentPoolProfiles = c.pools;
  }
  if (!('agentPoolProfiles' in ordered)) ordered.agentPoolProfiles = c.pools;
  ordered.networkProfile = networkProfile;
  return structuredClone({ ...c.cluster, properties: ordered });
}

/** ARM agent pool resource of a pool profile. */
export function agentPoolBody(c: ClusterState, pool: Json): Json {
  const { name, ...properties } = pool;
  return structuredClone({
    id: `${String(c.cluster.id)}/agentPools/${String(name)}`,
    name,
    type: 'Microsoft.ContainerService/managedClusters/agentPools',
    properties,
  });
}

function page(req: ArmRequest, ctx: ArmContext, items: unknown[]): ArmResponse {
  const skip = Math.max(0, parseInt(req.query.get('$skipToken') ?? '0', 10) || 0);
  const slice = items.slice(skip, skip + ctx.pageSize);
  const body: Json = { value: slice };
  if (skip + ctx.pageSize < items.length) {
    const q = new URLSearchParams(req.query);
    q.set('$skipToken', String(skip + ctx.pageSize));
    body.nextLink = `${ctx.baseUrl()}${req.path}?${q.toString()}`;
  }
  return { status: 200, body };
}

function allVnets(ctx: ArmContext): Json[] {
  const seen = new Map<string, Json>();
  for (const c of ctx.state.clusters.values()) for (const v of c.virtualNetworks) seen.set(String(v.id).toLowerCase(), v);
  return [...seen.values()];
}

function allRouteTables(ctx: ArmContext): Json[] {
  const seen = new Map<string, Json>();
  for (const c of ctx.state.clusters.values()) for (const t of c.routeTables) seen.set(String(t.id).toLowerCase(), t);
  return [...seen.values()];
}

function inScope(id: unknown, sub: string, rg?: string): boolean {
  const parts = parseArmId(String(id));
  if (!parts || parts.subscriptionId.toLowerCase() !== sub.toLowerCase()) return false;
  return rg === undefined || parts.resourceGroup.toLowerCase() === rg.toLowerCase();
}

function kubeconfig(c: ClusterState, ctx: ArmContext, admin: boolean): string {
  const user = `cluster${admin ? 'Admin' : 'User'}_${c.resourceGroup}_${c.name}`;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{
      cluster: {
        'certificate-authority-data': Buffer.from(ctx.caPem()).toString('base64'),
        server: `${ctx.baseUrl()}/k8s/${c.subscriptionId}/${c.resourceGroup}/${c.name}`,
      },
      name: c.name,
    }],
    contexts: [{ context: { cluster: c.name, user }, name: c.name }],
    'current-context': c.name,
    preferences: {},
    users: [{ name: user, user: { token: c.token } }],
  });
}

function asyncHeaders(ctx: ArmContext, op: Operation): Record<string, string> {
  return {
    'azure-asyncoperation': `${ctx.baseUrl()}/subscriptions/${op.subscriptionId}/providers/Microsoft.ContainerService/locations/${op.location}/operations/${op.id}?api-version=${OPERATION_API_VERSION}`,
    'retry-after': String(retryAfter(ctx)),
  };
}

function retryAfter(ctx: ArmContext): number {
  return Math.max(1, Math.min(30, Math.ceil(30 / ctx.speed)));
}

function isObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

const CLUSTER_READ_ONLY = ['provisioningState', 'powerState', 'currentKubernetesVersion', 'fqdn', 'azurePortalFQDN', 'privateFQDN', 'maxAgentPools', 'nodeResourceGroup', 'resourceUID', 'identityProfile'];
const POOL_READ_ONLY = ['provisioningState', 'currentOrchestratorVersion', 'nodeImageVersion', 'eTag'];

/** Buckets a request takes tokens from. */
function bucketsFor(req: ArmRequest, seg: string[], sub: string | undefined): { bucket: BucketName; key: string }[] {
  if (!sub) return [];
  const keys: { bucket: BucketName; key: string }[] = [];
  const read = req.method === 'GET' || req.method === 'HEAD';
  keys.push({ bucket: read ? 'subscriptionReads' : 'subscriptionWrites', key: sub });
  const mc = seg.indexOf('managedclusters');
  if (seg[4] === 'microsoft.containerservice' && seg[5] === 'locations' && seg[7] === 'operations') keys.push({ bucket: 'operationStatus', key: sub });
  if (mc >= 0 && seg.length === mc + 1 && read) keys.push({ bucket: 'clusterList', key: sub });
  if (mc >= 0 && seg.length === mc + 2) {
    const clusterKey = seg.slice(0, mc + 2).join('/');
    if (read) keys.push({ bucket: 'clusterGet', key: clusterKey });
    if (req.method === 'PUT') keys.push({ bucket: 'clusterPut', key: clusterKey });
  }
  return keys;
}

/** Handles one ARM request (auth, throttling and faults are applied before). */
export function handleArm(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const raw = req.path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  const seg = raw.map((s) => s.toLowerCase());
  if (seg[0] !== 'subscriptions') return armError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${req.path}'.`);
  if (!req.query.get('api-version')) {
    return armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  }
  const sub = raw[1];
  const throttled = ctx.throttle.take(bucketsFor(req, seg, sub));
  if (!throttled.ok) {
    return armError(429, 'Throttled', `The request was throttled (${throttled.bucket}). Retry after ${throttled.retryAfterSeconds} seconds.`,
      { 'retry-after': String(throttled.retryAfterSeconds) });
  }
  const out = route(req, ctx, raw, seg);
  if (sub) {
    const read = req.method === 'GET';
    out.headers = {
      ...(out.headers ?? {}),
      [read ? 'x-ms-ratelimit-remaining-subscription-reads' : 'x-ms-ratelimit-remaining-subscription-writes']:
        String(ctx.throttle.remaining(read ? 'subscriptionReads' : 'subscriptionWrites', sub)),
    };
  }
  return out;
}

function route(req: ArmRequest, ctx: ArmContext, raw: string[], seg: string[]): ArmResponse {
  const m = req.method;
  const n = seg.length;
  const { state } = ctx;
  if (n === 1 && m === 'GET') {
    return page(req, ctx, state.subscriptions().map((s) => subscriptionBody(s)));
  }
  const sub = raw[1];
  const known = state.subscriptions().some((s) => s.toLowerCase() === sub.toLowerCase());
  if (!known) return armError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  if (n === 2 && m === 'GET') return { status: 200, body: subscriptionBody(state.subscriptions().find((s) => s.toLowerCase() === sub.toLowerCase())!) };

  // /subscriptions/{s}/providers/...
  if (seg[2] === 'providers') {
    if (seg[3] === 'microsoft.containerservice' && seg[4] === 'managedclusters' && n === 5 && m === 'GET') {
      return page(req, ctx, [...state.clusters.values()].filter((c) => c.subscriptionId.toLowerCase() === sub.toLowerCase()).map(clusterBody));
    }
    if (seg[3] === 'microsoft.containerservice' && seg[4] === 'locations' && seg[6] === 'operations' && n === 8 && m === 'GET') {
      const op = state.operations.get(raw[7]);
      if (!op || op.subscriptionId.toLowerCase() !== sub.toLowerCase()) return armError(404, 'NotFound', `Operation ${raw[7]} was not found.`);
      const body: Json = { name: operationName(op.id), status: op.status, startTime: op.startTime };
      if (op.endTime) body.endTime = op.endTime;
      if (op.error) body.error = op.error;
      return { status: 200, body, headers: op.status === 'InProgress' ? { 'retry-after': String(retryAfter(ctx)) } : {} };
    }
    if (seg[3] === 'microsoft.network' && n === 5 && m === 'GET') {
      if (seg[4] === 'virtualnetworks') return page(req, ctx, allVnets(ctx).filter((v) => inScope(v.id, sub)));
      if (seg[4] === 'routetables') return page(req, ctx, allRouteTables(ctx).filter((v) => inScope(v.id, sub)));
    }
    return armError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${req.path}'.`);
  }

  if (seg[2] !== 'resourcegroups' || n < 4) return armError(400, 'InvalidRequestUri', `The request URI '${req.path}' is not valid.`);
  const rg = raw[3];
  if (n === 4 && m === 'GET') {
    const any = [...state.clusters.values()].some((c) => c.resourceGroup.toLowerCase() === rg.toLowerCase()
      || c.virtualNetworks.some((v) => inScope(v.id, sub, rg)) || String((c.cluster.properties as Json).nodeResourceGroup ?? '').toLowerCase() === rg.toLowerCase());
    if (!any) return armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
    return { status: 200, body: { id: `/subscriptions/${sub}/resourceGroups/${rg}`, name: rg, type: 'Microsoft.Resources/resourceGroups', location: 'japaneast', properties: { provisioningState: 'Succeeded' } } };
  }
  if (seg[4] !== 'providers' || n < 7) return armError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${req.path}'.`);
  const provider = seg[5];
  const type = seg[6];

  if (provider === 'microsoft.containerservice' && type === 'managedclusters') {
    if (n === 7) {
      if (m !== 'GET') return armError(405, 'MethodNotAllowed', `The requested resource does not support http method '${m}'.`);
      return page(req, ctx, [...state.clusters.values()].filter((c) => c.subscriptionId.toLowerCase() === sub.toLowerCase()
        && c.resourceGroup.toLowerCase() === rg.toLowerCase()).map(clusterBody));
    }
    const name = raw[7];
    const c = state.get(sub, rg, name);
    if (n === 8 && m === 'PUT') return putCluster(req, ctx, sub, rg, name, c);
    if (!c) return notFound('Microsoft.ContainerService/managedClusters', name, rg);
    if (n === 8 && m === 'GET') return { status: 200, body: clusterBody(c) };
    if (n === 9 && m === 'POST' && (seg[8] === 'listclusterusercredential' || seg[8] === 'listclusteradmincredential')) {
      const admin = seg[8] === 'listclusteradmincredential';
      const value = Buffer.from(kubeconfig(c, ctx, admin)).toString('base64');
      return { status: 200, body: { kubeconfigs: [{ name: admin ? 'clusterAdmin' : 'clusterUser', value }] } };
    }
    if (n === 9 && seg[8] === 'agentpools' && m === 'GET') return page(req, ctx, c.pools.map((p) => agentPoolBody(c, p)));
    if (n === 10 && seg[8] === 'agentpools' && m === 'GET') {
      const pool = c.pools.find((p) => String(p.name).toLowerCase() === seg[9]);
      if (!pool) return notFound(`Microsoft.ContainerService/managedClusters/${name}/agentPools`, raw[9], rg);
      return { status: 200, body: agentPoolBody(c, pool) };
    }
    return armError(405, 'MethodNotAllowed', `The requested resource does not support http method '${m}'.`);
  }

  if (provider === 'microsoft.network' && m === 'GET') {
    if (type === 'virtualnetworks') {
      const vnets = allVnets(ctx).filter((v) => inScope(v.id, sub, rg));
      if (n === 7) return page(req, ctx, vnets);
      const vnet = vnets.find((v) => String(v.name ?? parseArmId(String(v.id))?.names[0]).toLowerCase() === seg[7]);
      if (!vnet) return notFound('Microsoft.Network/virtualNetworks', raw[7], rg);
      if (n === 8) return { status: 200, body: structuredClone(vnet) };
      const vp = vnet.properties as Json;
      if (seg[8] === 'subnets') {
        const subnets = (vp.subnets as Json[] | undefined) ?? [];
        if (n === 9) return page(req, ctx, structuredClone(subnets));
        const s = subnets.find((x) => String(x.name).toLowerCase() === seg[9]);
        if (n === 10 && s) return { status: 200, body: structuredClone(s) };
        return armError(404, 'NotFound', `Resource /subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${raw[7]}/subnets/${raw[9] ?? ''} not found.`);
      }
      if (seg[8] === 'virtualnetworkpeerings') {
        const peerings = (vp.virtualNetworkPeerings as Json[] | undefined) ?? [];
        if (n === 9) return page(req, ctx, structuredClone(peerings));
        const p = peerings.find((x) => String(x.name).toLowerCase() === seg[9]);
        if (n === 10 && p) return { status: 200, body: structuredClone(p) };
        return armError(404, 'NotFound', `Peering ${raw[9] ?? ''} not found.`);
      }
    }
    if (type === 'routetables') {
      const tables = allRouteTables(ctx).filter((t) => inScope(t.id, sub, rg));
      if (n === 7) return page(req, ctx, tables);
      const t = tables.find((x) => String(x.name ?? parseArmId(String(x.id))?.names[0]).toLowerCase() === seg[7]);
      if (n === 8 && t) return { status: 200, body: structuredClone(t) };
      return notFound('Microsoft.Network/routeTables', raw[7], rg);
    }
  }
  return armError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${req.path}'.`);
}

function subscriptionBody(s: string): Json {
  return {
    id: `/subscriptions/${s}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: s,
    tenantId: TENANT,
    displayName: s.startsWith('6f1e4c2a') ? 'NetPilot demo' : `Subscription ${s.slice(0, 8)}`,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

function vnetPrefixesOf(c: ClusterState, pools: Json[]): string[] {
  const prefixes: string[] = [];
  const nodeRg = String((c.cluster.properties as Json).nodeResourceGroup ?? '').toLowerCase();
  const vnetOf = (subnetId: string) => subnetId.replace(/\/subnets\/[^/]+\/?$/i, '').toLowerCase();
  for (const p of pools) {
    const vnets = typeof p.vnetSubnetID === 'string'
      ? c.virtualNetworks.filter((v) => String(v.id).toLowerCase() === vnetOf(String(p.vnetSubnetID)))
      : c.virtualNetworks.filter((v) => parseArmId(String(v.id))?.resourceGroup.toLowerCase() === nodeRg);
    for (const v of vnets) {
      const vp = v.properties as Json;
      prefixes.push(...(((vp.addressSpace as Json | undefined)?.addressPrefixes as string[] | undefined) ?? []));
      for (const peering of (vp.virtualNetworkPeerings as Json[] | undefined) ?? []) {
        const pp = (peering.properties as Json | undefined) ?? {};
        const space = (pp.remoteVirtualNetworkAddressSpace ?? pp.remoteAddressSpace) as Json | undefined;
        prefixes.push(...((space?.addressPrefixes as string[] | undefined) ?? []));
      }
    }
  }
  return [...new Set(prefixes)];
}

function putCluster(req: ArmRequest, ctx: ArmContext, sub: string, rg: string, name: string, c: ClusterState | undefined): ArmResponse {
  let body: unknown;
  try {
    body = JSON.parse(req.body || 'null');
  } catch (err) {
    return armError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${(err as Error).message}'.`);
  }
  if (!isObject(body) || !isObject(body.properties)) {
    return armError(400, 'InvalidRequestContent', "The request content was invalid: the managed cluster must be a JSON object with 'location' and 'properties'.");
  }
  const ifMatch = header(req, 'if-match');
  const ifNoneMatch = header(req, 'if-none-match');
  const reqProps = body.properties;
  const reqPools = reqProps.agentPoolProfiles;
  if (reqPools !== undefined && !Array.isArray(reqPools)) return armError(400, 'InvalidParameter', 'properties.agentPoolProfiles must be an array.');

  if (!c) {
    if (ifMatch) return armError(412, 'PreconditionFailed', `Operation is not allowed: the managed cluster '${name}' does not exist and If-Match was given.`);
    if (typeof body.location !== 'string') return armError(400, 'InvalidParameter', "The value of parameter 'location' is required.");
    if (!isObject(reqProps.networkProfile)) reqProps.networkProfile = { networkPlugin: 'azure', networkPluginMode: 'overlay', networkDataplane: 'azure', podCidr: '10.244.0.0/16', serviceCidr: '10.0.0.0/16', dnsServiceIP: '10.0.0.10' };
    const pools = ((reqPools as Json[] | undefined) ?? []).map((p) => ({ ...p }));
    if (pools.length === 0 || pools.some((p) => typeof p.name !== 'string')) return armError(400, 'InvalidParameter', 'At least one agent pool profile with a name is required.');
    const { agentPoolProfiles: _ignored, ...props } = reqProps;
    void _ignored;
    const id = `/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
    const cluster: Json = { id, location: body.location, name, type: 'Microsoft.ContainerService/ManagedClusters', ...(body.tags ? { tags: body.tags } : {}),
      properties: { ...props, nodeResourceGroup: props.nodeResourceGroup ?? `MC_${rg}_${name}_${String(body.location)}`, maxAgentPools: 100 },
      identity: body.identity ?? { type: 'SystemAssigned', principalId: randomUUID(), tenantId: TENANT }, sku: body.sku ?? { name: 'Base', tier: 'Free' } };
    const { state, op } = ctx.state.beginCreate(sub, rg, name, cluster, pools);
    return { status: 201, body: clusterBody(state), headers: asyncHeaders(ctx, op) };
  }

  const currentETag = String(c.cluster.eTag ?? '');
  if (ifMatch && ifMatch !== '*' && ifMatch.replace(/^W\//, '').replace(/"/g, '') !== currentETag) {
    return armError(412, 'PreconditionFailed', `Operation is not allowed because the eTag "${ifMatch}" in the If-Match header does not match the current eTag "${currentETag}" of managed cluster '${name}'. Get the latest version and retry.`);
  }
  if (ifNoneMatch === '*') return armError(412, 'PreconditionFailed', `Operation is not allowed because managed cluster '${name}' already exists (If-None-Match: *).`);
  if (ctx.state.busy(c)) {
    const started = c.operation?.status === 'InProgress' ? ` started at ${c.operation.startTime}` : '';
    return armError(409, 'OperationNotAllowed', `Operation is not allowed because there's an in progress update managed cluster operation on the managed cluster${started}. Please wait for it to finish before starting a new operation.`);
  }

  const oldProps = c.cluster.properties as Json;
  const { agentPoolProfiles: _pools, ...incoming } = reqProps;
  void _pools;
  const newProps: Json = { ...oldProps, ...incoming };
  for (const k of CLUSTER_READ_ONLY) if (k in oldProps) newProps[k] = oldProps[k];
  const oldNp = (oldProps.networkProfile as Json | undefined) ?? {};
  const reqNp = isObject(incoming.networkProfile) ? incoming.networkProfile : {};
  const newNp: Json = { ...oldNp, ...reqNp };
  const toOverlay = newNp.networkPluginMode === 'overlay' && oldNp.networkPluginMode !== 'overlay';
  if (toOverlay && typeof newNp.podCidr !== 'string') newNp.podCidr = typeof oldNp.podCidr === 'string' ? oldNp.podCidr : '10.244.0.0/16';
  if (typeof newNp.podCidr === 'string') {
    const list = Array.isArray(newNp.podCidrs) ? newNp.podCidrs as string[] : [];
    if (list[0] !== newNp.podCidr) newNp.podCidrs = [newNp.podCidr, ...list.filter((x) => x.includes(':'))];
  }
  if (newNp.networkPlugin === 'azure' && newNp.networkDataplane === undefined) newNp.networkDataplane = 'azure';
  newProps.networkProfile = newNp;

  const newPools = c.pools.map((old) => {
    const given = (reqPools as Json[] | undefined)?.find((p) => String(p.name).toLowerCase() === String(old.name).toLowerCase());
    if (!given) return old;
    const merged: Json = { ...old, ...given, name: old.name };
    for (const k of POOL_READ_ONLY) if (k in old) merged[k] = old[k]; else delete merged[k];
    return merged;
  });

  const kubeSystem = c.kubernetes?.configMaps
    .filter((cm) => (cm.metadata.namespace ?? 'default') === 'kube-system')
    .map((cm) => ({ name: cm.metadata.name, labels: cm.metadata.labels ?? {} }));
  const identity = isObject(body.identity) ? body.identity : (c.cluster.identity as Json | undefined);
  const verdict = validateClusterUpdate({
    oldNetwork: oldNp,
    newNetwork: newNp,
    kubernetesVersion: String(oldProps.currentKubernetesVersion ?? oldProps.kubernetesVersion ?? '0'),
    identityType: identity ? String(identity.type) : undefined,
    pools: newPools,
    vnetPrefixes: vnetPrefixesOf(c, newPools),
    kubeSystemConfigMaps: kubeSystem,
    nodeProvisioningMode: (newProps.nodeProvisioningProfile as Json | undefined)?.mode as string | undefined,
  });
  if (!verdict.ok) return armError(verdict.status, verdict.code, verdict.message);

  c.cluster = {
    ...c.cluster,
    ...(body.tags !== undefined ? { tags: body.tags } : {}),
    ...(identity ? { identity } : {}),
    ...(isObject(body.sku) ? { sku: body.sku } : {}),
    properties: newProps,
  };
  c.pools = newPools;
  const op = ctx.state.beginUpdate(c, verdict.kind);
  return { status: 200, body: clusterBody(c), headers: asyncHeaders(ctx, op) };
}

