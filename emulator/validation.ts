// Resource-provider validation of a managed cluster PUT, written as the AKS RP behaves (domain
// notes §1, §3, §4, §6). Independent of the product's preflight on purpose: it plays Azure.
import { normalizeCidr, overlapCidr } from 'cidr-tools';
import type { Json } from './json.ts';

/** What an accepted update does. */
export type UpdateKind = 'overlay' | 'cilium' | 'policy' | 'quick';

/** Outcome of validating one PUT. */
export type ValidationResult =
  | { ok: true; kind: UpdateKind }
  | { ok: false; status: 400; code: string; message: string };

/** Everything the RP looks at. */
export interface UpdateContext {
  oldNetwork: Json;
  newNetwork: Json;
  kubernetesVersion: string;
  identityType?: string;
  pools: Json[];
  /** Address prefixes of the VNets the pools' subnets live in (AKS-managed VNet for pools without one). */
  vnetPrefixes: string[];
  /** kube-system ConfigMaps, when the cluster has Kubernetes data. */
  kubeSystemConfigMaps?: { name: string; labels: Record<string, string> }[];
  nodeProvisioningMode?: string;
}

const RESERVED = ['169.254.0.0/16', '192.0.2.0/24', '172.30.0.0/16', '172.31.0.0/16'];
const AKS_OWNED_MASQ = new Set(['azure-ip-masq-agent-config-reconciled', 'azure-dns-imds-ip-masq-agent-config']);

function lower(v: unknown): string {
  return typeof v === 'string' ? v.toLowerCase() : '';
}

/** `1.30.7` >= `1.27`? */
export function versionAtLeast(version: string, min: string): boolean {
  const a = version.split('.').map((n) => parseInt(n, 10) || 0);
  const b = min.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

function ipam(np: Json): string {
  const plugin = lower(np.networkPlugin);
  if (plugin === 'azure' && lower(np.networkPluginMode) === 'overlay') return 'overlay';
  return plugin || 'none';
}

function bad(code: string, message: string): ValidationResult {
  return { ok: false, status: 400, code, message };
}

function isV4(cidr: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(cidr);
}

function checkPodCidr(podCidr: string, ctx: UpdateContext): ValidationResult | undefined {
  if (!isV4(podCidr)) return bad('InvalidParameter', `The value of parameter networkProfile.podCidr is invalid: "${podCidr}" is not a valid IPv4 CIDR.`);
  let canonical: string;
  try {
    canonical = normalizeCidr(podCidr);
  } catch {
    return bad('InvalidParameter', `The value of parameter networkProfile.podCidr is invalid: "${podCidr}" is not a valid IPv4 CIDR.`);
  }
  if (canonical !== podCidr) return bad('InvalidParameter', `The value of parameter networkProfile.podCidr is invalid: "${podCidr}" has host bits set (did you mean ${canonical}?).`);
  if (Number(podCidr.split('/')[1]) > 24) return bad('InvalidParameter', `Pod CIDR ${podCidr} is too small: Azure CNI Overlay assigns a /24 to every node.`);
  for (const reserved of RESERVED) {
    if (overlapCidr(podCidr, reserved)) {
      return bad('ReservedPodCidr', `Pod CIDR ${podCidr} overlaps with the reserved address range ${reserved}. The ranges 169.254.0.0/16, 192.0.2.0/24, 172.30.0.0/16 and 172.31.0.0/16 cannot be used.`);
    }
  }
  for (const prefix of ctx.vnetPrefixes.filter(isV4)) {
    if (overlapCidr(podCidr, prefix)) return bad('PodCidrOverlapsWithVnet', `Pod CIDR ${podCidr} overlaps with the virtual network address space ${prefix} used by the cluster's node pools.`);
  }
  const services = [...((ctx.newNetwork.serviceCidrs as string[] | undefined) ?? []), ...(typeof ctx.newNetwork.serviceCidr === 'string' ? [ctx.newNetwork.serviceCidr] : [])];
  for (const svc of services.filter(isV4)) {
    if (overlapCidr(podCidr, svc)) return bad('ServiceCidrOverlapExistingPodCidr', `Pod CIDR ${podCidr} overlaps with the service CIDR ${svc}.`);
  }
  return undefined;
}

/** Validates a network profile change like the AKS resource provider. */
export function validateClusterUpdate(ctx: UpdateContext): ValidationResult {
  const o = ctx.oldNetwork;
  const n = ctx.newNetwork;
  const newPlugin = lower(n.networkPlugin);
  const oldIpam = ipam(o);
  const newIpam = ipam(n);
  const oldDp = lower(o.networkDataplane) || 'azure';
  const newDp = lower(n.networkDataplane) || 'azure';
  const oldPolicy = lower(o.networkPolicy) || 'none';
  const newPolicy = lower(n.networkPolicy) || 'none';
  const windows = ctx.pools.filter((p) => lower(p.osType) === 'windows');
  const podSubnet = ctx.pools.some((p) => typeof p.podSubnetID === 'string' && p.podSubnetID);

  if (lower(n.networkPluginMode) === 'overlay' && newPlugin === 'kubenet') {
    return bad('UnsupportedNetworkPluginModeWithNetworkPlugin', 'NetworkPluginMode overlay is not supported with NetworkPlugin kubenet.');
  }
  if (lower(n.networkPluginMode) === 'overlay' && newPlugin !== 'azure') {
    return bad('UnsupportedNetworkPluginModeWithNetworkPlugin', `NetworkPluginMode overlay is not supported with NetworkPlugin ${String(n.networkPlugin ?? 'none')}.`);
  }
  if (newDp === 'cilium' && newPolicy !== 'cilium') {
    return bad('CiliumDataplaneRequiresNetworkPolicyCilium', 'Cilium dataplane requires network policy cilium.');
  }
  if (newPolicy === 'cilium' && newDp !== 'cilium') {
    return bad('NetworkPolicyCiliumRequiresCiliumDataplane', 'Network policy cilium requires the cilium network dataplane.');
  }
  const ipamChanged = oldIpam !== newIpam;
  const dpChanged = oldDp !== newDp;
  if (ipamChanged && dpChanged) {
    return bad('InvalidNetworkProfileUpdate', 'Updating the network plugin (IPAM mode) and the network dataplane in the same operation is not supported. Update them in two separate operations.');
  }
  if (ipamChanged && oldIpam === 'overlay') {
    return bad('OperationNotAllowed', 'Azure CNI Overlay cannot be disabled: migrating away from Azure CNI Overlay is not supported.');
  }
  if (dpChanged && oldDp === 'cilium') {
    return bad('OperationNotAllowed', 'The cilium network dataplane cannot be disabled once enabled.');
  }
  if (ipamChanged && newIpam !== 'overlay') {
    return bad('NetworkPluginNotUpdatable', `Changing networkPlugin from ${String(o.networkPlugin ?? 'none')} to ${String(n.networkPlugin ?? 'none')} is not supported.`);
  }

  if (ipamChanged) {
    // -> Azure CNI Overlay
    if (oldIpam === 'none') return bad('OperationNotAllowed', 'Migrating a cluster with bring-your-own CNI (networkPlugin none) to Azure CNI Overlay is not supported.');
    if (podSubnet) {
      return bad('OperationNotAllowed', 'Migrating a cluster that uses Azure CNI dynamic pod IP allocation (podSubnetID) to Azure CNI Overlay is not supported.');
    }
    if (!versionAtLeast(ctx.kubernetesVersion, '1.27')) {
      return bad('KubernetesVersionNotSupported', `Updating to Azure CNI Overlay requires Kubernetes version 1.27.0 or later; the cluster runs ${ctx.kubernetesVersion}.`);
    }
    if (newPolicy === 'azure' || newPolicy === 'calico' || oldPolicy === 'azure' || oldPolicy === 'calico') {
      return bad('BadRequest', 'Cannot update cluster to Azure CNI Overlay while using network policies with Azure CNI v1.');
    }
    if (oldIpam === 'kubenet' && ctx.identityType !== 'UserAssigned') {
      return bad('BadRequest', 'Migrating from kubenet to Azure CNI Overlay requires the cluster to use a user-assigned managed identity (identity.type UserAssigned) so that the route table can be detached.');
    }
    const docker = windows.find((p) => /^AKSWindows-2019-/i.test(String(p.nodeImageVersion ?? '')) && !/containerd/i.test(String(p.nodeImageVersion ?? '')));
    if (docker) {
      return bad('OperationNotAllowed', `Azure CNI Overlay does not support Windows node pools using the Docker container runtime (agent pool ${String(docker.name)}).`);
    }
    const avset = ctx.pools.find((p) => lower(p.type) === 'availabilityset');
    if (avset) return bad('OperationNotAllowed', `Azure CNI Overlay does not support availability set agent pools (agent pool ${String(avset.name)}).`);
    const custom = ctx.kubeSystemConfigMaps?.find((c) =>
      !AKS_OWNED_MASQ.has(c.name) && (c.name.toLowerCase().includes('ip-masq') || c.labels.component === 'ip-masq-agent'));
    if (custom) {
      return bad('CustomIPMasqAgentConfigNotSupported', `Cannot update cluster to Azure CNI Overlay while a custom ip-masq-agent configuration exists: ConfigMap kube-system/${custom.name}. Delete it or move its nonMasqueradeCIDRs before migrating.`);
    }
    const podCidr = typeof n.podCidr === 'string' ? n.podCidr : undefined;
    if (!podCidr) return bad('InvalidParameter', 'networkProfile.podCidr is required when updating to Azure CNI Overlay.');
    const cidrProblem = checkPodCidr(podCidr, ctx);
    if (cidrProblem) return cidrProblem;
    return { ok: true, kind: 'overlay' };
  }

  if (dpChanged) {
    // -> Azure CNI powered by Cilium
    if (oldIpam === 'kubenet') return bad('OperationNotAllowed', 'The cilium network dataplane is not supported with networkPlugin kubenet. Migrate the cluster to Azure CNI Overlay first.');
    if (oldIpam === 'none') return bad('OperationNotAllowed', 'The cilium network dataplane is not supported with bring-your-own CNI (networkPlugin none).');
    if (windows.length > 0) {
      return bad('OperationNotAllowed', `Azure CNI powered by Cilium does not support Windows node pools (${windows.map((p) => String(p.name)).join(', ')}).`);
    }
    if (lower(ctx.nodeProvisioningMode) === 'auto') {
      return bad('OperationNotAllowed', 'Node auto-provisioning (nodeProvisioningProfile.mode Auto) must be disabled while enabling the cilium network dataplane.');
    }
    return { ok: true, kind: 'cilium' };
  }

  if (oldPolicy !== newPolicy) {
    if ((['azure', 'calico'].includes(oldPolicy) || ['azure', 'calico'].includes(newPolicy)) && !versionAtLeast(ctx.kubernetesVersion, '1.30')) {
      return bad('OperationNotAllowed', `Installing or uninstalling network policy ${oldPolicy === 'none' ? newPolicy : oldPolicy} is not allowed on Kubernetes versions below 1.30; upgrade the cluster first.`);
    }
    return { ok: true, kind: 'policy' };
  }
  if (n.podCidr !== undefined && o.podCidr !== undefined && n.podCidr !== o.podCidr) {
    if (oldIpam !== 'overlay' && oldIpam !== 'kubenet') return bad('InvalidParameter', 'networkProfile.podCidr can only be set for kubenet or Azure CNI Overlay clusters.');
    const cidrProblem = checkPodCidr(String(n.podCidr), ctx);
    if (cidrProblem) return cidrProblem;
  }
  return { ok: true, kind: 'quick' };
}

/** The RP's rule for `podCidrs` given next to `podCidr`: at most one IPv4 entry, and it must equal
 * `podCidr` (IPv6 entries of a dual-stack cluster are kept as they are). */
export function validatePodCidrs(np: Json): ValidationResult | undefined {
  if (!Array.isArray(np.podCidrs)) return undefined;
  const list = np.podCidrs.map(String);
  const v4 = list.filter((x) => !x.includes(':'));
  if (v4.length > 1) {
    return bad('InvalidParameter', `The value of parameter networkProfile.podCidrs is invalid: it holds ${v4.length} IPv4 CIDRs (${v4.join(', ')}); at most one IPv4 and one IPv6 CIDR are allowed.`);
  }
  if (typeof np.podCidr === 'string' && v4[0] !== np.podCidr) {
    return bad('InvalidParameter', `The value of parameter networkProfile.podCidrs is invalid: [${list.join(', ')}] does not match networkProfile.podCidr ${np.podCidr}. `
      + 'Its IPv4 entry must equal podCidr (IPv6 entries stay); set both to the same CIDR.');
  }
  return undefined;
}
