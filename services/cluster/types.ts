// The normalised cluster snapshot every check reads. Produced by `parseSnapshot` (files) and by
// `collectSnapshot` (live readers); checks never see raw ARM / az CLI / kubectl JSON.

/** Current IP address management mode, derived per domain notes §2. */
export type IpamMode = 'kubenet' | 'node-subnet' | 'pod-subnet' | 'overlay' | 'byo';
/** Data plane: `cilium` when `networkDataplane=cilium`, else `azure`. */
export type Dataplane = 'azure' | 'cilium';
/** Network policy engine as the API reports it (`none` when absent). */
export type PolicyEngine = 'none' | 'azure' | 'calico' | 'cilium' | (string & {});
/** Migration targets NetPilot knows. */
export type Target = 'overlay' | 'cilium';
export const TARGETS: readonly Target[] = ['overlay', 'cilium'];

/** The network profile fields the product reads; absent values are `undefined`. */
export interface NetworkProfile {
  networkPlugin?: string;
  networkPluginMode?: string;
  networkPolicy?: string;
  networkDataplane?: string;
  podCidr?: string;
  podCidrs: string[];
  serviceCidr?: string;
  serviceCidrs: string[];
  ipFamilies: string[];
  dnsServiceIp?: string;
  outboundType?: string;
}

/** How the Kubernetes API server can be reached (`apiServerAccessProfile`); absent profile = public, unrestricted. */
export interface ApiServerAccess {
  /** `enablePrivateCluster`: the API server has a private endpoint only. */
  privateCluster: boolean;
  /** `enablePrivateClusterPublicFqdn`: a private cluster that also has a public FQDN (resolving to the private IP). */
  privateClusterPublicFqdn: boolean;
  /** `authorizedIPRanges`: when non-empty, only these source ranges reach the public API server. */
  authorizedIpRanges: string[];
  /** `disableRunCommand`: AKS runCommand is turned off for this cluster. */
  runCommandDisabled: boolean;
}

/** Microsoft Entra ID integration (`aadProfile`). */
export interface EntraProfile {
  /** `managed`: AKS-managed Entra ID; the kubeconfig user is the kubelogin exec plugin. */
  managed: boolean;
  /** `enableAzureRBAC`: Kubernetes authorization through Azure role assignments. */
  azureRbac: boolean;
  tenantId?: string;
}

/** A managed cluster with the ARM `properties` flattened and az CLI spellings unified. */
export interface ManagedCluster {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location?: string;
  eTag?: string;
  provisioningState?: string;
  powerState?: string;
  kubernetesVersion?: string;
  currentKubernetesVersion?: string;
  nodeResourceGroup?: string;
  identityType?: string;
  networkProfile: NetworkProfile;
  /** Add-on name (as the API spells it, e.g. `aciConnectorLinux`) -> enabled. */
  addons: Record<string, boolean>;
  /** `nodeProvisioningProfile.mode` (`Manual` / `Auto`), when present. */
  nodeProvisioningMode?: string;
  /** `apiServerAccessProfile`, normalised; set by the loader (public, unrestricted when the profile is absent). */
  apiServerAccess?: ApiServerAccess;
  /** `aadProfile`, when present. */
  entra?: EntraProfile;
  /** `disableLocalAccounts`: only Entra ID sign-in (no local admin / user certificates). */
  disableLocalAccounts?: boolean;
}

/** An agent pool, from `agentPools` or the cluster's `agentPoolProfiles`. */
export interface AgentPool {
  name: string;
  id?: string;
  eTag?: string;
  mode?: string;
  osType?: string;
  osSku?: string;
  vmSize?: string;
  /** `VirtualMachineScaleSets`, `AvailabilitySet`, ... */
  type?: string;
  count?: number;
  minCount?: number;
  maxCount?: number;
  enableAutoScaling: boolean;
  /** `upgradeSettings.maxSurge` as given ("33%", "3", null); undefined when absent. */
  maxSurge?: string | null;
  vnetSubnetId?: string;
  podSubnetId?: string;
  nodeImageVersion?: string;
  orchestratorVersion?: string;
  currentOrchestratorVersion?: string;
  provisioningState?: string;
  powerState?: string;
}

export interface Subnet {
  id: string;
  name: string;
  addressPrefixes: string[];
  routeTableId?: string;
}

export interface VirtualNetworkPeering {
  name: string;
  peeringState?: string;
  remoteVirtualNetworkId?: string;
  /** `remoteVirtualNetworkAddressSpace` when present, else `remoteAddressSpace`. */
  remoteAddressPrefixes: string[];
}

export interface VirtualNetwork {
  id: string;
  name: string;
  resourceGroup: string;
  addressPrefixes: string[];
  subnets: Subnet[];
  peerings: VirtualNetworkPeering[];
}

export interface Route {
  name: string;
  addressPrefix?: string;
  nextHopType?: string;
  nextHopIpAddress?: string;
}

export interface RouteTable {
  id: string;
  name: string;
  resourceGroup: string;
  routes: Route[];
}

export interface KubeNode {
  name: string;
  labels: Record<string, string>;
  /** Pool name from `kubernetes.azure.com/agentpool` (or `agentpool`). */
  pool?: string;
  osType?: string;
  osImage?: string;
  kernelVersion?: string;
  containerRuntimeVersion?: string;
  unschedulable: boolean;
  ready: boolean;
}

export interface KubeConfigMap {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  data: Record<string, string>;
}

export interface KubeNetworkPolicy {
  name: string;
  namespace: string;
  /** The policy's `spec` as served (ingress/egress rules, ports, ipBlock, endPort). */
  spec: Record<string, unknown>;
}

export interface KubePodDisruptionBudget {
  name: string;
  namespace: string;
  disruptionsAllowed?: number;
  expectedPods?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  selector?: Record<string, unknown>;
}

/** Kubernetes data; a list that is `undefined` was not read (see `unavailable`). */
export interface KubernetesData {
  nodes?: KubeNode[];
  configMaps?: KubeConfigMap[];
  networkPolicies?: KubeNetworkPolicy[];
  podDisruptionBudgets?: KubePodDisruptionBudget[];
}

/** Data sources a snapshot section belongs to, as named in `spec/checks.md`. */
export type DataSource = 'ARM' | 'NET' | 'K8S';

/** Names of the snapshot's optional sections. */
export type SnapshotSection =
  | 'virtualNetworks'
  | 'routeTables'
  | 'kubernetes'
  | 'kubernetes.nodes'
  | 'kubernetes.configMaps'
  | 'kubernetes.networkPolicies'
  | 'kubernetes.podDisruptionBudgets';

/** Which kind of failure an unavailable read was: `forbidden` = missing read permission (RBAC);
 * the others are fixed elsewhere (credentials role, identity, network path, kubeconfig, runCommand). */
export type UnavailableKind = 'forbidden' | 'credentials' | 'auth' | 'unreachable' | 'kubeconfig' | 'run-command' | 'other';
/** Every UnavailableKind. */
export const UNAVAILABLE_KINDS: readonly UnavailableKind[] = ['forbidden', 'credentials', 'auth', 'unreachable', 'kubeconfig', 'run-command', 'other'];

/** A read that did not succeed, kept so checks can fail closed and say why. */
export interface UnavailableRead {
  section: SnapshotSection;
  reason: string;
  /** Which kind of failure (live reads set it; absent in older snapshot files). */
  kind?: UnavailableKind;
}

/** Derived facts, computed once on load (domain notes §2). */
export interface DerivedNetwork {
  mode: IpamMode;
  dataplane: Dataplane;
  networkPolicy: PolicyEngine;
  kubernetesVersion?: string;
}

/** One cluster as every check sees it. Empty list = read, none; undefined = not read. */
export interface ClusterSnapshot {
  /** Where it came from: a file path, `live:<resource id>`, or `fleet:<name>`. */
  source: string;
  cluster: ManagedCluster;
  agentPools: AgentPool[];
  virtualNetworks?: VirtualNetwork[];
  routeTables?: RouteTable[];
  kubernetes?: KubernetesData;
  unavailable: UnavailableRead[];
  derived: DerivedNetwork;
}
