// Zod schemas of the snapshot file (spec/interfaces.md §6). They accept the ARM REST shape
// (`properties`) and the az CLI / SDK shape (flattened, az spellings, null for absent) alike;
// only fields NetPilot reads are typed, everything else passes through untouched.
import { z } from 'zod';
import { UNAVAILABLE_KINDS } from './types.ts';

const str = z.string().nullish();
const strList = z.array(z.string()).nullish();
const num = z.number().nullish();
const bool = z.boolean().nullish();
const ref = z.looseObject({ id: z.string().nullish() }).nullish();
const powerState = z.looseObject({ code: str }).nullish();

const agentPoolFields = {
  name: str,
  id: str,
  eTag: str,
  etag: str,
  mode: str,
  osType: str,
  osSKU: str,
  osSku: str,
  vmSize: str,
  type: str,
  typePropertiesType: str,
  count: num,
  minCount: num,
  maxCount: num,
  enableAutoScaling: bool,
  upgradeSettings: z.looseObject({ maxSurge: z.union([z.string(), z.number()]).nullish() }).nullish(),
  vnetSubnetID: str,
  vnetSubnetId: str,
  podSubnetID: str,
  podSubnetId: str,
  nodeImageVersion: str,
  orchestratorVersion: str,
  currentOrchestratorVersion: str,
  provisioningState: str,
  powerState,
};

/** An agent pool: ARM resource (`properties`), or flattened (az / SDK / `agentPoolProfiles`). */
export const rawAgentPoolSchema = z.looseObject({
  ...agentPoolFields,
  properties: z.looseObject(agentPoolFields).nullish(),
});

const networkProfileSchema = z.looseObject({
  networkPlugin: str,
  networkPluginMode: str,
  networkPolicy: str,
  networkDataplane: str,
  podCidr: str,
  podCidrs: strList,
  serviceCidr: str,
  serviceCidrs: strList,
  ipFamilies: strList,
  dnsServiceIP: str,
  dnsServiceIp: str,
  outboundType: str,
});

/** `apiServerAccessProfile`: ARM spells `authorizedIPRanges` / `privateDNSZone` / `enablePrivateClusterPublicFQDN`,
 * az CLI and the SDK `authorizedIpRanges` (SDK: `authorizedIPRanges`) / `privateDnsZone` / `enablePrivateClusterPublicFqdn`. */
const apiServerAccessProfileSchema = z.looseObject({
  authorizedIPRanges: strList,
  authorizedIpRanges: strList,
  enablePrivateCluster: bool,
  enablePrivateClusterPublicFqdn: bool,
  enablePrivateClusterPublicFQDN: bool,
  privateDNSZone: str,
  privateDnsZone: str,
  disableRunCommand: bool,
  enableVnetIntegration: bool,
});

/** `aadProfile`: ARM spells `enableAzureRBAC` / `tenantID`, az CLI and the SDK `enableAzureRbac` / `tenantId`. */
const aadProfileSchema = z.looseObject({
  managed: bool,
  enableAzureRBAC: bool,
  enableAzureRbac: bool,
  tenantID: str,
  tenantId: str,
});

const clusterFields = {
  provisioningState: str,
  powerState,
  kubernetesVersion: str,
  currentKubernetesVersion: str,
  nodeResourceGroup: str,
  networkProfile: networkProfileSchema.nullish(),
  agentPoolProfiles: z.array(rawAgentPoolSchema).nullish(),
  addonProfiles: z.record(z.string(), z.looseObject({ enabled: bool }).nullish()).nullish(),
  nodeProvisioningProfile: z.looseObject({ mode: str }).nullish(),
  apiServerAccessProfile: apiServerAccessProfileSchema.nullish(),
  aadProfile: aadProfileSchema.nullish(),
  disableLocalAccounts: bool,
};

/** A managed cluster: ARM REST JSON or az CLI / SDK JSON. */
export const rawClusterSchema = z.looseObject({
  id: z.string({ error: 'required: the cluster resource id' }),
  name: str,
  location: str,
  resourceGroup: str,
  eTag: str,
  etag: str,
  identity: z.looseObject({ type: str }).nullish(),
  ...clusterFields,
  properties: z.looseObject(clusterFields).nullish(),
});

const subnetFields = {
  addressPrefix: str,
  addressPrefixes: strList,
  routeTable: ref,
};
const rawSubnetSchema = z.looseObject({
  id: str,
  name: str,
  ...subnetFields,
  properties: z.looseObject(subnetFields).nullish(),
});

const addressSpace = z.looseObject({ addressPrefixes: strList }).nullish();
const peeringFields = {
  peeringState: str,
  remoteVirtualNetwork: ref,
  remoteAddressSpace: addressSpace,
  remoteVirtualNetworkAddressSpace: addressSpace,
};
const rawPeeringSchema = z.looseObject({
  id: str,
  name: str,
  ...peeringFields,
  properties: z.looseObject(peeringFields).nullish(),
});

const vnetFields = {
  addressSpace,
  subnets: z.array(rawSubnetSchema).nullish(),
  virtualNetworkPeerings: z.array(rawPeeringSchema).nullish(),
};
/** A virtual network with its subnets and peerings inline. */
export const rawVirtualNetworkSchema = z.looseObject({
  id: z.string({ error: 'required: the virtual network resource id' }),
  name: str,
  ...vnetFields,
  properties: z.looseObject(vnetFields).nullish(),
});

const routeFields = { addressPrefix: str, nextHopType: str, nextHopIpAddress: str };
const rawRouteSchema = z.looseObject({ name: str, ...routeFields, properties: z.looseObject(routeFields).nullish() });
const routeTableFields = { routes: z.array(rawRouteSchema).nullish() };
/** A route table resource. */
export const rawRouteTableSchema = z.looseObject({
  id: z.string({ error: 'required: the route table resource id' }),
  name: str,
  ...routeTableFields,
  properties: z.looseObject(routeTableFields).nullish(),
});

const metadata = z.looseObject({
  name: z.string({ error: 'required: metadata.name' }),
  namespace: str,
  labels: z.record(z.string(), z.string()).nullish(),
});

const rawNodeSchema = z.looseObject({
  metadata,
  spec: z.looseObject({ unschedulable: bool }).nullish(),
  status: z.looseObject({
    nodeInfo: z.looseObject({
      osImage: str,
      kernelVersion: str,
      containerRuntimeVersion: str,
      operatingSystem: str,
    }).nullish(),
    conditions: z.array(z.looseObject({ type: z.string(), status: z.string() })).nullish(),
  }).nullish(),
});

const rawConfigMapSchema = z.looseObject({
  metadata,
  data: z.record(z.string(), z.string()).nullish(),
});

const rawNetworkPolicySchema = z.looseObject({
  metadata,
  spec: z.looseObject({}).nullish(),
});

const rawPdbSchema = z.looseObject({
  metadata,
  spec: z.looseObject({}).nullish(),
  status: z.looseObject({
    disruptionsAllowed: num,
    expectedPods: num,
    currentHealthy: num,
    desiredHealthy: num,
  }).nullish(),
});

/** A Kubernetes list: a plain array, or a `kubectl get -o json` List object. */
function kubeList<T extends z.ZodType>(item: T) {
  return z.union([
    z.array(item),
    z.looseObject({ kind: str, items: z.array(item) }),
  ]);
}

export const rawKubernetesSchema = z.looseObject({
  nodes: kubeList(rawNodeSchema).nullish(),
  configMaps: kubeList(rawConfigMapSchema).nullish(),
  networkPolicies: kubeList(rawNetworkPolicySchema).nullish(),
  podDisruptionBudgets: kubeList(rawPdbSchema).nullish(),
});

const sections = [
  'virtualNetworks', 'routeTables', 'kubernetes', 'kubernetes.nodes', 'kubernetes.configMaps',
  'kubernetes.networkPolicies', 'kubernetes.podDisruptionBudgets',
] as const;

/** The snapshot file. `unavailable` (an extension) records reads that failed, with the reason. */
export const rawSnapshotSchema = z.looseObject({
  cluster: rawClusterSchema,
  agentPools: z.array(rawAgentPoolSchema).nullish(),
  virtualNetworks: z.array(rawVirtualNetworkSchema).nullish(),
  routeTables: z.array(rawRouteTableSchema).nullish(),
  kubernetes: rawKubernetesSchema.nullish(),
  unavailable: z.array(z.object({ section: z.enum(sections), reason: z.string(), kind: z.enum(UNAVAILABLE_KINDS).optional() })).nullish(),
});

/** A fleet file: `{ clusters: [snapshot, ...] }`. */
export const rawFleetSchema = z.looseObject({
  clusters: z.array(rawSnapshotSchema),
});

export type RawSnapshot = z.infer<typeof rawSnapshotSchema>;
export type RawAgentPool = z.infer<typeof rawAgentPoolSchema>;
export type RawCluster = z.infer<typeof rawClusterSchema>;
export type RawVirtualNetwork = z.infer<typeof rawVirtualNetworkSchema>;
export type RawRouteTable = z.infer<typeof rawRouteTableSchema>;
export type RawKubernetes = z.infer<typeof rawKubernetesSchema>;
