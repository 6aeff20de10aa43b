// A cluster's live state: built from its fleet entry (eTags, private FQDN, token, synthesised nodes)
// and the provisioning states an operation sets on it.
import { randomBytes, randomUUID } from 'node:crypto';
import type { FleetCluster } from './fleet.ts';
import type { Json } from './json.ts';
import { synthesiseNodes, uuidFrom, type KubeObject, type PoolForNodes } from './nodes.ts';
import type { ClusterState } from './world-types.ts';

export function props(c: ClusterState): Json {
  return c.cluster.properties as Json;
}

/** A new ARM eTag. */
export function newETag(): string {
  return randomUUID();
}

/** The live state of a fleet cluster (the fleet entry is copied, never shared). */
export function newClusterState(fc: FleetCluster): ClusterState {
  const cluster = structuredClone(fc.cluster);
  cluster.eTag ??= newETag();
  addPrivateFqdn(cluster);
  const pools = structuredClone(fc.pools).map((p) => ({ ...p, eTag: p.eTag ?? newETag() }));
  const state: ClusterState = {
    subscriptionId: fc.subscriptionId,
    resourceGroup: fc.resourceGroup,
    name: fc.name,
    cluster,
    pools,
    virtualNetworks: structuredClone(fc.virtualNetworks),
    routeTables: structuredClone(fc.routeTables),
    maintenanceConfigurations: structuredClone(fc.maintenanceConfigurations),
    token: randomBytes(32).toString('hex'),
    resourceVersion: 1000,
  };
  if (fc.kubernetes) {
    const k = structuredClone(fc.kubernetes);
    state.kubernetes = { ...k, nodes: k.nodes ?? synthesise(state) };
  }
  return state;
}

/** The nodes AKS would run for the cluster's pools and network profile. */
export function synthesise(state: ClusterState): KubeObject[] {
  const p = props(state);
  const np = (p.networkProfile as Json | undefined) ?? {};
  return synthesiseNodes({
    id: String(state.cluster.id),
    name: state.name,
    location: String(state.cluster.location ?? 'eastus'),
    nodeResourceGroup: String(p.nodeResourceGroup ?? `MC_${state.resourceGroup}_${state.name}_${String(state.cluster.location ?? 'eastus')}`),
    kubernetesVersion: String(p.currentKubernetesVersion ?? p.kubernetesVersion ?? '1.30.0'),
    overlay: np.networkPluginMode === 'overlay',
    cilium: np.networkDataplane === 'cilium',
    kubenetPodCidr: np.networkPlugin === 'kubenet' ? (np.podCidr as string | undefined) : undefined,
  }, state.pools as unknown as PoolForNodes[]);
}

/** Sets the provisioning state of cluster and pools (a failed pool fails alone) with new eTags. */
export function setStates(c: ClusterState, s: string, failedPool?: string): void {
  props(c).provisioningState = s;
  c.cluster.eTag = newETag();
  for (const pool of c.pools) {
    pool.provisioningState = failedPool === undefined || s !== 'Failed' ? s : pool.name === failedPool ? 'Failed' : 'Succeeded';
    pool.eTag = newETag();
  }
}

/** A private cluster gets `privateFQDN` (`<dnsPrefix>-<hash>.<guid>.privatelink.<location>.azmk8s.io`) as AKS gives it. */
function addPrivateFqdn(cluster: Json): void {
  const p = cluster.properties as Json;
  if ((p.apiServerAccessProfile as Json | undefined)?.enablePrivateCluster !== true || typeof p.privateFQDN === 'string') return;
  const id = String(cluster.id).toLowerCase();
  const hash = uuidFrom(`fqdn/${id}`).slice(0, 8);
  const prefix = String(p.dnsPrefix ?? cluster.name ?? 'aks');
  p.privateFQDN = `${prefix}-${hash}.${uuidFrom(`private/${id}`)}.privatelink.${String(cluster.location ?? 'eastus')}.azmk8s.io`;
}
