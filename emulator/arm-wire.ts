// ARM wire forms the emulator serves: a cluster with its pools inline, an agent pool resource, a
// subscription, the AKS name of an operation.
import { EMULATOR_TENANT } from './credentials.ts';
import type { Json } from './json.ts';
import type { ClusterState } from './world-types.ts';

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

/** A subscription as `GET /subscriptions` lists it. */
export function subscriptionBody(s: string): Json {
  return {
    id: `/subscriptions/${s}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: s,
    tenantId: EMULATOR_TENANT,
    displayName: s.startsWith('6f1e4c2a') ? 'NetPilot demo' : `Subscription ${s.slice(0, 8)}`,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

