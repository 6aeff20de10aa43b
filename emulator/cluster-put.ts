// PUT of a managed cluster: create (201) or update (200), If-Match / If-None-Match, 409 while busy,
// read-only fields kept, and the resource provider's validation of the network profile.
import { randomUUID } from 'node:crypto';
import { armError, header, isObject, retryAfter, type ArmContext, type ArmRequest, type ArmResponse } from './arm-types.ts';
import { clusterBody } from './arm-wire.ts';
import { EMULATOR_TENANT } from './credentials.ts';
import type { Json } from './json.ts';
import { parseArmId } from './fleet.ts';
import type { ClusterState, Operation } from './world-types.ts';
import { validateClusterUpdate, validatePodCidrs } from './validation.ts';

const OPERATION_API_VERSION = '2017-08-31';
const CLUSTER_READ_ONLY = ['provisioningState', 'powerState', 'currentKubernetesVersion', 'fqdn', 'azurePortalFQDN', 'privateFQDN', 'maxAgentPools', 'nodeResourceGroup', 'resourceUID', 'identityProfile'];
const POOL_READ_ONLY = ['provisioningState', 'currentOrchestratorVersion', 'nodeImageVersion', 'eTag'];

/** `Azure-AsyncOperation` and `Retry-After` of an accepted operation. */
export function asyncHeaders(ctx: ArmContext, op: Operation): Record<string, string> {
  return {
    'azure-asyncoperation': `${ctx.baseUrl()}/subscriptions/${op.subscriptionId}/providers/Microsoft.ContainerService/locations/${op.location}/operations/${op.id}?api-version=${OPERATION_API_VERSION}`,
    'retry-after': String(retryAfter(ctx)),
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

/** `PUT .../managedClusters/{name}`: create, or an update validated as the RP validates it. */
export function putCluster(req: ArmRequest, ctx: ArmContext, sub: string, rg: string, name: string, c: ClusterState | undefined): ArmResponse {
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
      identity: body.identity ?? { type: 'SystemAssigned', principalId: randomUUID(), tenantId: EMULATOR_TENANT }, sku: body.sku ?? { name: 'Base', tier: 'Free' } };
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
  if (Array.isArray(reqNp.podCidrs)) {
    const problem = validatePodCidrs(newNp);
    if (problem && !problem.ok) return armError(problem.status, problem.code, problem.message);
  } else if (typeof newNp.podCidr === 'string') {
    // podCidrs not given: the RP derives it from podCidr, keeping IPv6 entries.
    const list = Array.isArray(newNp.podCidrs) ? newNp.podCidrs as string[] : [];
    newNp.podCidrs = [newNp.podCidr, ...list.filter((x) => x.includes(':'))];
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

