// Spec conformance: one small NEW cluster per rule of spec/checks.md ("Precise rules" and every
// table row), built in code from a minimal base. Every snapshot is run in BOTH shapes the snapshot
// file accepts (ARM REST with `properties`, az CLI flattened with az spellings and nulls) and the
// two reports must agree, so each rule is also a shape test.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../cli/main.ts';
import { parseSnapshot } from '../../../services/cluster/load.ts';
import { runPreflight } from '../../../services/preflight/run-preflight.ts';
import type { Finding, PreflightReport } from '../../../services/preflight/types.ts';
import type { Target } from '../../../services/cluster/types.ts';
import { detailOf, remediationOf } from '../../fakes/finding.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- snapshot JSON is built and edited freely here

const SUB = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const RG = 'rg-spec';
const NAME = 'aks-spec';
const NODE_RG = 'MC_rg-spec_aks-spec_westeurope';
const CLUSTER_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${NAME}`;
const vnetId = (rg: string, name: string): string => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;
const VNET_ID = vnetId('rg-net', 'vnet-spec');
const SUBNET_ID = `${VNET_ID}/subnets/snet-nodes`;
const POD_CIDR_CHECKS = ['overlay-pod-cidr-missing', 'overlay-pod-cidr-invalid', 'overlay-pod-cidr-reserved', 'overlay-pod-cidr-overlap', 'overlay-pod-cidr-capacity', 'overlay-pod-cidr-public'];

/** A Linux VMSS pool in the BYO subnet, idle and running (ARM `agentPoolProfiles` spelling). */
function pool(name: string, extra: Json = {}): Json {
  return {
    name, mode: 'System', osType: 'Linux', osSKU: 'Ubuntu', vmSize: 'Standard_D4s_v5', type: 'VirtualMachineScaleSets',
    count: 3, enableAutoScaling: false, upgradeSettings: { maxSurge: '10%' }, vnetSubnetID: SUBNET_ID,
    nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202502.09.0', orchestratorVersion: '1.30.4',
    provisioningState: 'Succeeded', powerState: { code: 'Running' }, ...extra,
  };
}

function windowsPool(name: string, image: string, extra: Json = {}): Json {
  return pool(name, { mode: 'User', osType: 'Windows', osSKU: 'Windows2022', nodeImageVersion: image, count: 2, ...extra });
}

function subnet(name: string, prefix: string, extra: Json = {}): Json {
  return { id: `${VNET_ID}/subnets/${name}`, name, properties: { addressPrefix: prefix, ...extra } };
}

function vnet(id: string, prefixes: string[], subnets: Json[] = [], peerings: Json[] = []): Json {
  return { id, name: id.split('/').pop(), location: 'westeurope', properties: { addressSpace: { addressPrefixes: prefixes }, subnets, virtualNetworkPeerings: peerings } };
}

function peering(name: string, props: Json): Json {
  return { id: `${VNET_ID}/virtualNetworkPeerings/${name}`, name, properties: { peeringState: 'Connected', ...props } };
}

function node(name: string, poolName: string, extra: { os?: string; runtime?: string; kernel?: string } = {}): Json {
  return {
    metadata: { name, labels: { 'kubernetes.azure.com/agentpool': poolName, 'kubernetes.io/os': extra.os ?? 'linux' } },
    status: {
      nodeInfo: { kernelVersion: extra.kernel ?? '5.15.0-1079-azure', containerRuntimeVersion: extra.runtime ?? 'containerd://1.7.25-1', operatingSystem: extra.os ?? 'linux' },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

function configMap(name: string, namespace: string, data: Record<string, string> = {}, labels: Record<string, string> = {}): Json {
  return { metadata: { name, namespace, labels }, data };
}

/** The minimal base: node-subnet Azure CNI, k8s 1.30.4, one pool of 3 in VNet 10.0.0.0/16, everything read. */
function base(): Json {
  return {
    cluster: {
      id: CLUSTER_ID, name: NAME, location: 'westeurope', type: 'Microsoft.ContainerService/ManagedClusters',
      identity: { type: 'SystemAssigned' },
      properties: {
        provisioningState: 'Succeeded', powerState: { code: 'Running' }, kubernetesVersion: '1.30', currentKubernetesVersion: '1.30.4',
        nodeResourceGroup: NODE_RG,
        networkProfile: {
          networkPlugin: 'azure', networkDataplane: 'azure', serviceCidr: '172.16.0.0/16', serviceCidrs: ['172.16.0.0/16'],
          dnsServiceIP: '172.16.0.10', ipFamilies: ['IPv4'], outboundType: 'loadBalancer',
        },
        agentPoolProfiles: [pool('system')],
      },
    },
    virtualNetworks: [vnet(VNET_ID, ['10.0.0.0/16'], [subnet('snet-nodes', '10.0.0.0/20')])],
    routeTables: [],
    kubernetes: {
      nodes: [node('aks-system-1', 'system'), node('aks-system-2', 'system'), node('aks-system-3', 'system')],
      configMaps: [configMap('azure-ip-masq-agent-config-reconciled', 'kube-system', { 'ip-masq-agent-reconciled': 'nonMasqueradeCIDRs:\n  - 10.0.0.0/16\n' }, { component: 'ip-masq-agent' })],
      networkPolicies: [],
      podDisruptionBudgets: [],
    },
  };
}

/** A kubenet base: pools without vnetSubnetID in the AKS-managed VNet of the node resource group. */
function kubenetBase(): Json {
  const s = base();
  s.cluster.identity = { type: 'UserAssigned', userAssignedIdentities: {} };
  s.cluster.properties.networkProfile = {
    networkPlugin: 'kubenet', networkPolicy: 'none', podCidr: '10.244.0.0/16', podCidrs: ['10.244.0.0/16'],
    serviceCidr: '10.0.0.0/16', serviceCidrs: ['10.0.0.0/16'], dnsServiceIP: '10.0.0.10', ipFamilies: ['IPv4'],
  };
  const { vnetSubnetID: _drop, ...p } = pool('nodepool1');
  void _drop;
  s.cluster.properties.agentPoolProfiles = [p];
  const managed = vnetId(NODE_RG, 'aks-vnet-12345678');
  s.virtualNetworks = [vnet(managed, ['10.224.0.0/12'], [{ id: `${managed}/subnets/aks-subnet`, name: 'aks-subnet', properties: { addressPrefix: '10.224.0.0/16' } }])];
  return s;
}

/** An overlay base (already at the overlay target). */
function overlayBase(): Json {
  const s = base();
  Object.assign(s.cluster.properties.networkProfile, { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16', podCidrs: ['192.168.0.0/16'] });
  return s;
}

const AZ_RENAMES: Record<string, string> = { vnetSubnetID: 'vnetSubnetId', podSubnetID: 'podSubnetId', osSKU: 'osSku', dnsServiceIP: 'dnsServiceIp' };

/** Flattens ARM `properties` everywhere and uses az spellings, recursively. */
function azify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(azify);
  if (!value || typeof value !== 'object') return value;
  const obj = value as Json;
  const merged: Json = obj.properties && typeof obj.properties === 'object' ? { ...obj, ...obj.properties } : { ...obj };
  delete merged.properties;
  const out: Json = {};
  for (const [k, v] of Object.entries(merged)) out[AZ_RENAMES[k] ?? k] = azify(v);
  return out;
}

/** The az CLI / SDK form of an ARM-shaped snapshot: flattened, az spellings, null for absent, kubectl List objects. */
function toAz(arm: Json): Json {
  const cluster = azify(arm.cluster) as Json;
  cluster.resourceGroup = RG;
  for (const key of ['networkPluginMode', 'networkPolicy', 'podCidr', 'networkDataplane']) cluster.networkProfile[key] ??= null;
  cluster.aadProfile = null;
  const out: Json = { cluster };
  if (arm.agentPools) {
    // `az aks nodepool list`: `type` is the resource type, the pool kind is `typePropertiesType`.
    out.agentPools = arm.agentPools.map((p: Json) => {
      const flat = azify(p) as Json;
      return { ...flat, type: 'Microsoft.ContainerService/managedClusters/agentPools', typePropertiesType: p.properties?.type ?? null };
    });
  }
  for (const key of ['virtualNetworks', 'routeTables']) {
    if (arm[key]) out[key] = (azify(arm[key]) as Json[]).map((r) => ({ ...r, resourceGroup: String(r.id).split('/')[4] }));
  }
  if (arm.kubernetes) {
    out.kubernetes = Object.fromEntries(Object.entries(arm.kubernetes as Json).map(([k, list]) =>
      [k, Array.isArray(list) ? { apiVersion: 'v1', kind: 'List', items: list } : list]));
  }
  if (arm.unavailable) out.unavailable = arm.unavailable;
  return out;
}

/** Runs the preflight on the ARM and the az shape; both must give the same report. */
function run(arm: Json, target: Target, podCidr?: string): PreflightReport {
  const a = runPreflight(parseSnapshot(structuredClone(arm), 'spec-arm.json'), target, { podCidr });
  const z = runPreflight(parseSnapshot(toAz(structuredClone(arm)), 'spec-az.json'), target, { podCidr });
  expect(z, 'az CLI shape gives the same report as the ARM shape').toEqual(a);
  return a;
}

const ids = (r: PreflightReport): string[] => r.findings.map((f) => f.check);
const blockers = (r: PreflightReport): string[] => r.findings.filter((f) => f.severity === 'blocker').map((f) => f.check);
const finding = (r: PreflightReport, id: string): Finding => {
  const f = r.findings.find((x) => x.check === id);
  expect(f, `finding ${id} in ${JSON.stringify(ids(r))}`).toBeDefined();
  return f!;
};
const podCidrFindings = (r: PreflightReport): string[] => ids(r).filter((id) => POD_CIDR_CHECKS.includes(id));

describe('the base clusters are clean', () => {
  it('node-subnet base: ready for overlay with a free pod CIDR and for cilium', () => {
    const overlay = run(base(), 'overlay', '192.168.0.0/16');
    expect(overlay.verdict).toBe('ready');
    expect(ids(overlay).sort()).toEqual(['overlay-pod-reachability', 'simultaneous-reimage']);
    const cilium = run(base(), 'cilium');
    expect(cilium.verdict).toBe('ready');
    expect(ids(cilium)).toEqual(['simultaneous-reimage']);
  });

  it('kubenet base: ready for overlay keeping its pod CIDR', () => {
    const r = run(kubenetBase(), 'overlay');
    expect(r.verdict).toBe('ready');
    expect(r.podCidr).toBe('10.244.0.0/16');
    expect(blockers(r)).toEqual([]);
  });
});

describe('precise rules', () => {
  it('resource ids compare case-insensitively: subnet id, VNet id, node resource group, route table group', () => {
    const s = base();
    s.cluster.properties.agentPoolProfiles = [pool('system', { vnetSubnetID: SUBNET_ID.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/') })];
    s.virtualNetworks[0].id = VNET_ID.replace('/resourceGroups/rg-net/', '/resourcegroups/RG-NET/').replace('vnet-spec', 'VNET-SPEC');
    const r = run(s, 'overlay', '10.0.0.0/16');
    expect(r.findings.filter((f) => f.unverified)).toEqual([]);
    expect(detailOf(finding(r, 'overlay-pod-cidr-overlap'))).toContain('10.0.0.0/16');
    expect(run(s, 'overlay', '192.168.0.0/16').verdict).toBe('ready');

    const k = kubenetBase();
    const managed = k.virtualNetworks[0];
    managed.id = managed.id.replace(NODE_RG, NODE_RG.toLowerCase());
    managed.properties.subnets[0].id = managed.properties.subnets[0].id.replace(NODE_RG, NODE_RG.toLowerCase());
    managed.properties.subnets[0].properties.routeTable = { id: `/subscriptions/${SUB}/resourcegroups/${NODE_RG.toUpperCase()}/providers/Microsoft.Network/routeTables/aks-agentpool-rt` };
    const kr = run(k, 'overlay');
    expect(kr.findings.filter((f) => f.unverified)).toEqual([]);
    expect(detailOf(finding(kr, 'overlay-kubenet-route-table'))).toMatch(/AKS-managed route table aks-agentpool-rt/);
    expect(run(k, 'overlay', '10.224.0.0/11').findings.map((f) => f.check)).toContain('overlay-pod-cidr-overlap');
  });

  it('at the target, only migration-incomplete decides: not-needed when finished, even when everything else is wrong', () => {
    const s = overlayBase();
    for (const n of s.kubernetes.nodes) Object.assign(n.metadata.labels, { 'kubernetes.azure.com/azure-cni-overlay': 'true' });
    s.cluster.properties.currentKubernetesVersion = '1.20.1';
    s.kubernetes.podDisruptionBudgets = undefined;
    delete s.virtualNetworks;
    const r = run(s, 'overlay', 'not-a-cidr');
    expect(r).toMatchObject({ verdict: 'not-needed', findings: [], passed: ['migration-incomplete'], notApplicable: [], plan: null, podCidr: null });
    const c = structuredClone(s);
    Object.assign(c.cluster.properties.networkProfile, { networkDataplane: 'cilium', networkPolicy: 'cilium' });
    for (const n of c.kubernetes.nodes) n.metadata.labels['kubernetes.azure.com/ebpf-dataplane'] = 'cilium';
    expect(run(c, 'cilium')).toMatchObject({ verdict: 'not-needed', findings: [], passed: ['migration-incomplete'], notApplicable: [] });
    // Cilium dataplane on a node-subnet cluster: overlay is still to do, cilium is not-needed.
    const d = base();
    Object.assign(d.cluster.properties.networkProfile, { networkDataplane: 'cilium', networkPolicy: 'cilium' });
    for (const n of d.kubernetes.nodes) n.metadata.labels['kubernetes.azure.com/ebpf-dataplane'] = 'cilium';
    expect(run(d, 'cilium').verdict).toBe('not-needed');
    expect(run(d, 'overlay').verdict).toBe('blocked');
  });

  it('at the target, a Failed, Stopped cluster without Kubernetes data is never not-needed (fail closed)', () => {
    const s = overlayBase();
    s.cluster.properties.provisioningState = 'Failed';
    s.cluster.properties.powerState = { code: 'Stopped' };
    delete s.kubernetes;
    const r = run(s, 'overlay', 'not-a-cidr');
    // Failed alone says the migration did not finish; Stopped blocks the finishing update.
    expect(r.verdict).toBe('blocked');
    expect(finding(r, 'migration-incomplete')).toMatchObject({ severity: 'warning', unverified: false });
    expect(detailOf(finding(r, 'migration-incomplete'))).toContain('ended Failed');
    expect(detailOf(finding(r, 'migration-incomplete'))).toContain('The pod CIDR given (not-a-cidr) is not used');
    expect(detailOf(finding(r, 'cluster-provisioning-state'))).toContain('is Stopped');
    expect(detailOf(finding(r, 'cluster-provisioning-state'))).not.toContain('is Failed');
    expect(finding(r, 'pdb-blocks-drain').unverified).toBe(true);
    // Running again: Failed is what the finishing update repairs, so it is incomplete (not blocked).
    s.cluster.properties.powerState = { code: 'Running' };
    s.kubernetes = base().kubernetes;
    const again = run(s, 'overlay');
    expect(again.verdict).toBe('incomplete');
    expect(again.findings.map((f) => f.check)).toEqual(['migration-incomplete']);
    expect(again.passed).toEqual(['cluster-provisioning-state', 'pdb-blocks-drain']);
    expect(again.podCidr).toBe('192.168.0.0/16');
    expect(again.plan?.networkProfile).toEqual({ networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16', podCidrs: ['192.168.0.0/16'] });
    // Nodes that cannot be read at the target, on a Succeeded cluster: blocked, not not-needed.
    s.cluster.properties.provisioningState = 'Succeeded';
    delete s.kubernetes;
    const unread = run(s, 'overlay');
    expect(unread.verdict).toBe('blocked');
    expect(finding(unread, 'migration-incomplete')).toMatchObject({ severity: 'blocker', unverified: true });
  });

  it('info findings need no acknowledgement: a ready report can carry info and warnings, no blockers', () => {
    const r = run(base(), 'overlay', '192.168.0.0/16');
    expect(r.verdict).toBe('ready');
    expect(finding(r, 'overlay-pod-reachability').severity).toBe('info');
    expect(finding(r, 'simultaneous-reimage').severity).toBe('warning');
  });

  it('a blocked report still lists its warnings; simultaneous-reimage and overlay-pod-reachability only in ready reports', () => {
    const s = base();
    s.cluster.properties.networkProfile.networkPolicy = 'calico';
    s.cluster.properties.addonProfiles = { aciConnectorLinux: { enabled: true, config: { SubnetName: 'virtual-node-aci' } } };
    s.kubernetes.podDisruptionBudgets = [{ metadata: { name: 'db', namespace: 'data' }, status: { disruptionsAllowed: 0, expectedPods: 2, currentHealthy: 2, desiredHealthy: 2 } }];
    const r = run(s, 'overlay', '192.168.0.0/16');
    expect(r.verdict).toBe('blocked');
    expect(blockers(r)).toEqual(['overlay-network-policy']);
    expect(ids(r)).toEqual(expect.arrayContaining(['overlay-virtual-nodes', 'pdb-blocks-drain']));
    expect(ids(r)).not.toContain('simultaneous-reimage');
    expect(ids(r)).not.toContain('overlay-pod-reachability');
    expect(r.notApplicable).toEqual(expect.arrayContaining(['simultaneous-reimage', 'overlay-pod-reachability']));
    // The same cluster without Calico: ready, and then both appear.
    s.cluster.properties.networkProfile.networkPolicy = 'none';
    const ready = run(s, 'overlay', '192.168.0.0/16');
    expect(ready.verdict).toBe('ready');
    expect(ids(ready)).toEqual(expect.arrayContaining(['simultaneous-reimage', 'overlay-pod-reachability', 'overlay-virtual-nodes', 'pdb-blocks-drain']));
  });

  it('a missing list is an unverified blocker, an empty list is "read, none"', () => {
    const none = base();
    delete none.kubernetes;
    const r = run(none, 'overlay', '192.168.0.0/16');
    expect(r.verdict).toBe('blocked');
    expect(finding(r, 'overlay-ip-masq-agent-config')).toMatchObject({ severity: 'blocker', unverified: true });
    // pdb-blocks-drain is a warning check, but fail closed applies to every severity.
    expect(finding(r, 'pdb-blocks-drain')).toMatchObject({ severity: 'blocker', unverified: true });
    const c = run(none, 'cilium');
    expect(finding(c, 'cilium-enforcement-gap')).toMatchObject({ severity: 'blocker', unverified: true });
    expect(finding(c, 'cilium-policy-compat')).toMatchObject({ severity: 'blocker', unverified: true });

    const partial = base();
    delete partial.kubernetes.configMaps;
    const p = run(partial, 'overlay', '192.168.0.0/16');
    expect(blockers(p)).toEqual(['overlay-ip-masq-agent-config']);
    expect(finding(p, 'overlay-ip-masq-agent-config').unverified).toBe(true);
    expect(p.passed).toContain('pdb-blocks-drain');

    const refused = base();
    refused.unavailable = [{ section: 'kubernetes.podDisruptionBudgets', reason: 'forbidden (403)' }];
    delete refused.kubernetes.podDisruptionBudgets;
    const f = finding(run(refused, 'cilium'), 'pdb-blocks-drain');
    expect(f).toMatchObject({ severity: 'blocker', unverified: true });
    expect(detailOf(f)).toContain('forbidden (403)');

    const empty = base();
    empty.kubernetes = { nodes: [], configMaps: [], networkPolicies: [], podDisruptionBudgets: [] };
    expect(run(empty, 'overlay', '192.168.0.0/16').verdict).toBe('ready');
    expect(run(empty, 'cilium').verdict).toBe('ready');

    // NET: missing VNets make the overlap check unverified only when there is a pod CIDR to check.
    const noNet = base();
    delete noNet.virtualNetworks;
    const withCidr = run(noNet, 'overlay', '192.168.0.0/16');
    expect(blockers(withCidr)).toEqual(['overlay-pod-cidr-overlap']);
    expect(finding(withCidr, 'overlay-pod-cidr-overlap').unverified).toBe(true);
    expect(blockers(run(noNet, 'overlay'))).toEqual(['overlay-pod-cidr-missing']);
    expect(run(noNet, 'cilium').verdict).toBe('ready');
    // An empty VNet list is "read, none": the pool's VNet is then not there -> unverified.
    const emptyNet = base();
    emptyNet.virtualNetworks = [];
    expect(finding(run(emptyNet, 'overlay', '192.168.0.0/16'), 'overlay-pod-cidr-overlap').unverified).toBe(true);
  });

  it('Kubernetes version: currentKubernetesVersion, else kubernetesVersion; neither -> unverified', () => {
    const current = base();
    current.cluster.properties.kubernetesVersion = '1.26';
    current.cluster.properties.currentKubernetesVersion = '1.27.1';
    expect(run(current, 'overlay', '192.168.0.0/16').passed).toContain('overlay-kubernetes-version');
    const old = base();
    old.cluster.properties.kubernetesVersion = '1.30';
    old.cluster.properties.currentKubernetesVersion = '1.26.6';
    expect(blockers(run(old, 'overlay', '192.168.0.0/16'))).toEqual(['overlay-kubernetes-version']);
    const desiredOnly = base();
    delete desiredOnly.cluster.properties.currentKubernetesVersion;
    desiredOnly.cluster.properties.kubernetesVersion = '1.26.3';
    expect(blockers(run(desiredOnly, 'overlay', '192.168.0.0/16'))).toEqual(['overlay-kubernetes-version']);
    desiredOnly.cluster.properties.kubernetesVersion = '1.27.0';
    expect(run(desiredOnly, 'overlay', '192.168.0.0/16').verdict).toBe('ready');
    const neither = base();
    delete neither.cluster.properties.currentKubernetesVersion;
    delete neither.cluster.properties.kubernetesVersion;
    const r = run(neither, 'overlay', '192.168.0.0/16');
    expect(finding(r, 'overlay-kubernetes-version')).toMatchObject({ severity: 'blocker', unverified: true });
    expect(r.cluster.kubernetesVersion).toBeNull();
    neither.cluster.properties.networkProfile.ipFamilies = ['IPv4', 'IPv6'];
    expect(finding(run(neither, 'cilium'), 'cilium-dual-stack-version').unverified).toBe(true);
  });

  it('ip-masq-agent ConfigMaps: only kube-system counts; by name (any case) or label component: ip-masq-agent; AKS-owned ones never flagged', () => {
    const withCms = (...cms: Json[]): Json => {
      const s = base();
      s.kubernetes.configMaps.push(...cms);
      return s;
    };
    const check = (s: Json): PreflightReport => run(s, 'overlay', '192.168.0.0/16');
    expect(check(withCms(configMap('ip-masq-agent', 'default', { config: 'nonMasqueradeCIDRs: [10.0.0.0/8]' }))).verdict).toBe('ready');
    expect(check(withCms(configMap('azure-dns-imds-ip-masq-agent-config', 'kube-system', { config: 'nonMasqueradeCIDRs: [169.254.169.254/32]' }, { component: 'ip-masq-agent' }))).verdict).toBe('ready');
    expect(check(withCms(configMap('azure-ip-masq-agent-config-reconciled', 'kube-system', {}))).verdict).toBe('ready');
    const byName = check(withCms(configMap('Custom-IP-MASQ-Settings', 'kube-system', { config: 'nonMasqueradeCIDRs:\n  - 10.10.0.0/16\n' })));
    expect(blockers(byName)).toEqual(['overlay-ip-masq-agent-config']);
    expect(detailOf(finding(byName, 'overlay-ip-masq-agent-config'))).toContain('kube-system/Custom-IP-MASQ-Settings');
    const byLabel = check(withCms(configMap('nat-exceptions', 'kube-system', { config: 'nonMasqueradeCIDRs: [10.20.0.0/16]' }, { component: 'ip-masq-agent' })));
    expect(blockers(byLabel)).toEqual(['overlay-ip-masq-agent-config']);
    expect(detailOf(finding(byLabel, 'overlay-ip-masq-agent-config'))).toContain('kube-system/nat-exceptions');
    const legacy = check(withCms(configMap('azure-ip-masq-agent-config', 'kube-system', {})));
    expect(blockers(legacy)).toEqual(['overlay-ip-masq-agent-config']);
  });

  it('nonMasqueradeCIDRs are listed from YAML and JSON, keys matched case-insensitively', () => {
    const s = base();
    s.kubernetes.configMaps.push(
      configMap('azure-ip-masq-agent-config', 'kube-system', { 'ip-masq-agent': 'NonMasqueradeCIDRs:\n  - 10.50.0.0/16\n  - 10.60.0.0/16\nMasqLinkLocal: true\n' }),
      configMap('ip-masq-json', 'kube-system', { config: '{"nonmasqueradecidrs": ["192.0.0.0/29"], "masqLinkLocalIPv6": false}' }),
    );
    const detail = detailOf(finding(run(s, 'overlay', '192.168.0.0/16'), 'overlay-ip-masq-agent-config'));
    for (const cidr of ['10.50.0.0/16', '10.60.0.0/16', '192.0.0.0/29']) expect(detail).toContain(cidr);
    expect(detail).toContain('kube-system/ip-masq-json');
  });

  it('IPv6 entries (service CIDRs, VNet and subnet prefixes, kubenet podCidrs) are outside the pod CIDR checks', () => {
    const s = base();
    s.cluster.properties.networkProfile.ipFamilies = ['IPv4', 'IPv6'];
    s.cluster.properties.networkProfile.serviceCidrs = ['172.16.0.0/16', 'fd12:3456:789a:1::/108'];
    s.virtualNetworks[0].properties.addressSpace.addressPrefixes = ['10.0.0.0/16', 'fd00:db8:deca::/48'];
    s.virtualNetworks[0].properties.subnets[0].properties = { addressPrefixes: ['10.0.0.0/20', 'fd00:db8:deca::/64'] };
    const r = run(s, 'overlay', '192.168.0.0/16');
    expect(r.verdict).toBe('ready');
    expect(podCidrFindings(r)).toEqual([]);
    expect(r.passed).toEqual(expect.arrayContaining(['overlay-pod-cidr-overlap', 'overlay-pod-cidr-reserved', 'overlay-pod-cidr-capacity']));
    const k = kubenetBase();
    Object.assign(k.cluster.properties.networkProfile, { podCidr: undefined, podCidrs: ['fd10:59f0:8c79:240::/64', '10.244.0.0/16'], ipFamilies: ['IPv4', 'IPv6'] });
    delete k.cluster.properties.networkProfile.podCidr;
    const kr = run(k, 'overlay');
    expect(kr.podCidr).toBe('10.244.0.0/16');
    expect(blockers(kr)).toEqual([]);
  });

  it('pod CIDR checks apply only when a pod CIDR is to be used (not for pod subnet or BYO CNI)', () => {
    const podSubnet = base();
    podSubnet.cluster.properties.agentPoolProfiles = [pool('system', { podSubnetID: `${VNET_ID}/subnets/snet-pods` })];
    const ps = run(podSubnet, 'overlay', '172.30.0.0/16');
    expect(blockers(ps)).toEqual(['overlay-source-mode']);
    expect(podCidrFindings(ps)).toEqual([]);
    expect(ps.notApplicable).toEqual(expect.arrayContaining(POD_CIDR_CHECKS.filter((id) => id !== 'overlay-pod-cidr-missing')));
    const byo = base();
    byo.cluster.properties.networkProfile = { networkPlugin: 'none', serviceCidr: '172.16.0.0/16', ipFamilies: ['IPv4'] };
    const b = run(byo, 'overlay', '8.8.0.0/16');
    expect(blockers(b)).toEqual(['overlay-source-mode']);
    expect(podCidrFindings(b)).toEqual([]);
    expect(blockers(run(byo, 'cilium'))).toEqual(['cilium-source-mode']);
    // kubenet: the kept networkProfile.podCidr is the one checked.
    const k = kubenetBase();
    Object.assign(k.cluster.properties.networkProfile, { podCidr: '172.31.0.0/16', podCidrs: ['172.31.0.0/16'] });
    const kr = run(k, 'overlay');
    expect(kr.podCidr).toBe('172.31.0.0/16');
    expect(blockers(kr)).toEqual(['overlay-pod-cidr-reserved']);
  });

  for (const bad of ['10.0.0.0/33', '192.168.1.0/16', '192.168.0.0/25', 'abc', '300.1.1.0/24', '192.168.0.0', 'fd00::/64']) {
    it(`invalid pod CIDR ${bad}: only overlay-pod-cidr-invalid, the other pod CIDR checks not applicable`, () => {
      const r = run(base(), 'overlay', bad);
      expect(r.verdict).toBe('blocked');
      expect(podCidrFindings(r)).toEqual(['overlay-pod-cidr-invalid']);
      expect(blockers(r)).toEqual(['overlay-pod-cidr-invalid']);
      expect(r.notApplicable).toEqual(expect.arrayContaining(POD_CIDR_CHECKS.filter((id) => id !== 'overlay-pod-cidr-invalid')));
    });
  }

  describe('through the CLI', () => {
    afterEach(() => vi.restoreAllMocks());
    it('an invalid pod CIDR is a normal blocked report: exit 1 (not 2), JSON on stdout', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'np-spec-'));
      const file = join(dir, 'cluster.json');
      writeFileSync(file, JSON.stringify(toAz(base())));
      let out = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out += String(chunk); return true; });
      const code = await main(['preflight', '--snapshot', file, '--target', 'overlay', '--pod-cidr', '10.1.2.3/16', '--json']);
      vi.restoreAllMocks();
      expect(code).toBe(1);
      const report = JSON.parse(out) as PreflightReport;
      expect(report.verdict).toBe('blocked');
      expect(podCidrFindings(report)).toEqual(['overlay-pod-cidr-invalid']);
    });
  });

  it('a reserved range gives overlay-pod-cidr-reserved only, not also the public warning', () => {
    for (const cidr of ['172.30.0.0/16', '169.254.0.0/16', '172.31.128.0/17']) {
      const r = run(base(), 'overlay', cidr);
      expect(podCidrFindings(r), cidr).toEqual(['overlay-pod-cidr-reserved']);
      expect(r.notApplicable, cidr).toContain('overlay-pod-cidr-public');
    }
    // A /24 holds one node: capacity fails too (an independent check), but never the public warning.
    const doc = run(base(), 'overlay', '192.0.2.0/24');
    expect(podCidrFindings(doc).sort()).toEqual(['overlay-pod-cidr-capacity', 'overlay-pod-cidr-reserved']);
    expect(doc.notApplicable).toContain('overlay-pod-cidr-public');
    // 172.16.0.0/12 contains 172.30/16 and 172.31/16: reserved.
    expect(podCidrFindings(run(base(), 'overlay', '172.16.0.0/12'))).toContain('overlay-pod-cidr-reserved');
    const pub = run(base(), 'overlay', '8.8.0.0/16');
    expect(podCidrFindings(pub)).toEqual(['overlay-pod-cidr-public']);
    expect(finding(pub, 'overlay-pod-cidr-public').severity).toBe('warning');
    expect(pub.verdict).toBe('ready');
    expect(run(base(), 'overlay', '100.64.0.0/16').passed).toContain('overlay-pod-cidr-public');
  });

  describe('surge and capacity (a /20 holds exactly 16 nodes)', () => {
    const capacity = (pools: Json[]): PreflightReport => {
      const s = base();
      s.cluster.properties.agentPoolProfiles = pools;
      return run(s, 'overlay', '192.168.0.0/20');
    };
    const fits = (pools: Json[]): boolean => !ids(capacity(pools)).includes('overlay-pod-cidr-capacity');
    it('maxSurge as a number', () => {
      expect(fits([pool('a', { count: 13, upgradeSettings: { maxSurge: '3' } })])).toBe(true);
      expect(fits([pool('a', { count: 14, upgradeSettings: { maxSurge: '3' } })])).toBe(false);
      expect(fits([pool('a', { count: 13, upgradeSettings: { maxSurge: 3 } })])).toBe(true);
    });
    it('a percentage of maxCount when autoscaling, rounded up', () => {
      expect(fits([pool('a', { count: 2, enableAutoScaling: true, minCount: 1, maxCount: 10, upgradeSettings: { maxSurge: '60%' } })])).toBe(true);
      expect(fits([pool('a', { count: 2, enableAutoScaling: true, minCount: 1, maxCount: 11, upgradeSettings: { maxSurge: '50%' } })])).toBe(false);
    });
    it('a percentage of count when not autoscaling (maxCount ignored), rounded up', () => {
      expect(fits([pool('a', { count: 14, maxCount: 100, upgradeSettings: { maxSurge: '10%' } })])).toBe(true);
      expect(fits([pool('a', { count: 15, maxCount: 100, upgradeSettings: { maxSurge: '10%' } })])).toBe(false);
    });
    it('missing or null maxSurge means 10%', () => {
      const { upgradeSettings: _u, ...noSettings } = pool('a', { count: 14 });
      void _u;
      expect(fits([noSettings])).toBe(true);
      expect(fits([{ ...noSettings, count: 15 }])).toBe(false);
      expect(fits([pool('a', { count: 14, upgradeSettings: { maxSurge: null } })])).toBe(true);
      expect(fits([pool('a', { count: 15, upgradeSettings: { maxSurge: null } })])).toBe(false);
      expect(fits([pool('a', { count: 14, upgradeSettings: {} })])).toBe(true);
    });
    it('fails only when blocks are strictly fewer than nodes, summed over pools', () => {
      expect(fits([pool('a', { count: 7, upgradeSettings: { maxSurge: '1' } }), pool('b', { count: 7, upgradeSettings: { maxSurge: '1' } })])).toBe(true);
      const r = capacity([pool('a', { count: 7, upgradeSettings: { maxSurge: '1' } }), pool('b', { count: 8, upgradeSettings: { maxSurge: '1' } })]);
      expect(blockers(r)).toEqual(['overlay-pod-cidr-capacity']);
      expect(detailOf(finding(r, 'overlay-pod-cidr-capacity'))).toContain('17 node');
    });
  });

  it('peerings count whatever their state; remoteVirtualNetworkAddressSpace is preferred over remoteAddressSpace', () => {
    const s = base();
    s.virtualNetworks[0].properties.virtualNetworkPeerings = [
      peering('to-hub', { peeringState: 'Disconnected', remoteVirtualNetwork: { id: vnetId('rg-hub', 'vnet-hub') }, remoteAddressSpace: { addressPrefixes: ['192.168.0.0/16'] } }),
      peering('to-shared', {
        peeringState: 'Initiated', remoteVirtualNetwork: { id: vnetId('rg-shared', 'vnet-shared') },
        remoteAddressSpace: { addressPrefixes: ['10.100.0.0/16'] }, remoteVirtualNetworkAddressSpace: { addressPrefixes: ['100.64.0.0/16'] },
      }),
    ];
    const hub = run(s, 'overlay', '192.168.0.0/16');
    expect(blockers(hub)).toEqual(['overlay-pod-cidr-overlap']);
    const overlap = finding(hub, 'overlay-pod-cidr-overlap');
    expect(detailOf(overlap)).toContain('to-hub');
    expect(remediationOf(overlap)).toMatch(/VPN|ExpressRoute/);
    expect(blockers(run(s, 'overlay', '100.64.0.0/16'))).toEqual(['overlay-pod-cidr-overlap']);
    // The stale remoteAddressSpace of to-shared is not used.
    expect(run(s, 'overlay', '10.100.0.0/16').verdict).toBe('ready');
  });

  it('pools without vnetSubnetID use every VNet of the node resource group; none present -> unverified', () => {
    const k = kubenetBase();
    k.virtualNetworks.push(vnet(vnetId(NODE_RG, 'second-vnet'), ['10.100.0.0/16']), vnet(vnetId('rg-other', 'elsewhere'), ['10.200.0.0/16']));
    const both = run(k, 'overlay', '10.0.0.0/8');
    expect(detailOf(finding(both, 'overlay-pod-cidr-overlap'))).toContain('10.100.0.0/16');
    expect(detailOf(finding(both, 'overlay-pod-cidr-overlap'))).not.toContain('10.200.0.0/16');
    const none = kubenetBase();
    none.virtualNetworks = [vnet(vnetId('rg-other', 'elsewhere'), ['10.200.0.0/16'])];
    const r = run(none, 'overlay');
    expect(finding(r, 'overlay-pod-cidr-overlap')).toMatchObject({ severity: 'blocker', unverified: true });
    expect(finding(r, 'overlay-kubenet-route-table')).toMatchObject({ severity: 'blocker', unverified: true });
  });

  it('route tables: the subnet reference is enough; AKS-managed iff in the node resource group', () => {
    const k = kubenetBase();
    delete k.routeTables;
    k.virtualNetworks[0].properties.subnets[0].properties.routeTable = { id: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/routeTables/rt-firewall` };
    const r = run(k, 'overlay');
    expect(r.verdict).toBe('ready');
    const f = finding(r, 'overlay-kubenet-route-table');
    expect(f.severity).toBe('warning');
    expect(detailOf(f)).toMatch(/customer-owned route table rt-firewall/);
    expect(detailOf(f)).not.toMatch(/AKS-managed/);
    // Node-subnet Azure CNI with a route table: not a kubenet source, not applicable.
    const s = base();
    s.virtualNetworks[0].properties.subnets[0].properties.routeTable = { id: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/routeTables/rt-firewall` };
    expect(run(s, 'overlay', '192.168.0.0/16').notApplicable).toContain('overlay-kubenet-route-table');
  });

  describe('Windows Docker, per pool', () => {
    const withWindows = (image: string, nodes?: Json[]): Json => {
      const s = base();
      s.cluster.properties.agentPoolProfiles.push(windowsPool('win', image));
      if (nodes) s.kubernetes.nodes.push(...nodes);
      return s;
    };
    const docker = (s: Json): boolean => blockers(run(s, 'overlay', '192.168.0.0/16')).includes('overlay-windows-docker');
    it('listed nodes of the pool decide', () => {
      const winNode = (runtime: string): Json => node('akswin000000', 'win', { os: 'windows', runtime, kernel: '10.0.20348.3207' });
      expect(docker(withWindows('AKSWindows-2022-containerd-20348.3207.250214', [winNode('docker://20.10.24')]))).toBe(true);
      expect(docker(withWindows('AKSWindows-2019-17763.2114.210811', [winNode('containerd://1.7.20+azure')]))).toBe(false);
    });
    it('otherwise an AKSWindows-2019- image without containerd means Docker (any case)', () => {
      expect(docker(withWindows('AKSWindows-2019-17763.2114.210811'))).toBe(true);
      expect(docker(withWindows('akswindows-2019-17763.2114.210811'))).toBe(true);
      expect(docker(withWindows('AKSWindows-2019-containerd-17763.5820.240516'))).toBe(false);
      expect(docker(withWindows('AKSWindows-2022-containerd-20348.3207.250214'))).toBe(false);
      expect(docker(withWindows('AKSWindows-23H2-26100.2605.241214'))).toBe(false);
    });
    it('nodes of another pool do not decide for this one', () => {
      // Only Linux nodes are listed: the Windows pool falls back to its image.
      expect(docker(withWindows('AKSWindows-2019-17763.2114.210811'))).toBe(true);
    });
  });

  describe('Windows build, per pool: lowest of image and node kernels', () => {
    const build = (image: string, kernels: string[] = []): PreflightReport => {
      const s = base();
      s.cluster.properties.agentPoolProfiles.push(windowsPool('win', image));
      kernels.forEach((k, i) => s.kubernetes.nodes.push(node(`akswin00000${i}`, 'win', { os: 'windows', kernel: k })));
      return run(s, 'overlay', '192.168.0.0/16');
    };
    it('boundary 20348.1668', () => {
      expect(build('AKSWindows-2022-containerd-20348.1668.230613').passed).toContain('overlay-windows-build');
      const old = build('AKSWindows-2022-containerd-20348.1667.230613');
      expect(finding(old, 'overlay-windows-build').severity).toBe('warning');
      expect(old.verdict).toBe('ready');
    });
    it('a node kernel below the image build wins', () => {
      expect(ids(build('AKSWindows-2022-containerd-20348.3207.250214', ['10.0.20348.3207', '10.0.20348.1600']))).toContain('overlay-windows-build');
      expect(build('AKSWindows-2022-containerd-20348.3207.250214', ['10.0.20348.3207']).passed).toContain('overlay-windows-build');
    });
    it('only the kernel parseable decides; neither parseable -> unverified blocker', () => {
      expect(build('custom-image', ['10.0.20348.2700']).passed).toContain('overlay-windows-build');
      expect(finding(build('custom-image'), 'overlay-windows-build')).toMatchObject({ severity: 'blocker', unverified: true });
    });
    it('an unreadable pool stays a blocker even when another pool is known to be old', () => {
      const s = base();
      s.cluster.properties.agentPoolProfiles.push(windowsPool('win', 'AKSWindows-2022-containerd-20348.1000.220101'), windowsPool('win2', 'custom-image'));
      const r = run(s, 'overlay', '192.168.0.0/16');
      expect(r.verdict).toBe('blocked');
      expect(finding(r, 'overlay-windows-build')).toMatchObject({ severity: 'blocker', unverified: true });
    });
  });

  it('overlay-unsupported-pool: availability set, DCsv2-series (any case, not other DC series)', () => {
    const unsupported = (extra: Json): boolean => {
      const s = base();
      s.cluster.properties.agentPoolProfiles.push(pool('extra', { mode: 'User', ...extra }));
      return blockers(run(s, 'overlay', '192.168.0.0/16')).includes('overlay-unsupported-pool');
    };
    expect(unsupported({ type: 'AvailabilitySet' })).toBe(true);
    expect(unsupported({ vmSize: 'Standard_DC2s_v2' })).toBe(true);
    expect(unsupported({ vmSize: 'standard_dc8_v2' })).toBe(true);
    expect(unsupported({ vmSize: 'STANDARD_DC1S_V2' })).toBe(true);
    expect(unsupported({ vmSize: 'Standard_DC2as_v5' })).toBe(false);
    expect(unsupported({ vmSize: 'Standard_DC2s_v3' })).toBe(false);
    expect(unsupported({ vmSize: 'Standard_DC2ds_v3' })).toBe(false);
  });

  it('overlay-unsupported-pool: BYO subnet, VNet or VNet resource group name longer than 63 characters', () => {
    const named = (rg: string, vnetName: string, subnetName: string): PreflightReport => {
      const s = base();
      const id = vnetId(rg, vnetName);
      s.cluster.properties.agentPoolProfiles = [pool('system', { vnetSubnetID: `${id}/subnets/${subnetName}` })];
      s.virtualNetworks = [vnet(id, ['10.0.0.0/16'], [{ id: `${id}/subnets/${subnetName}`, name: subnetName, properties: { addressPrefix: '10.0.0.0/20' } }])];
      return run(s, 'overlay', '192.168.0.0/16');
    };
    const n63 = 'n'.repeat(63);
    const n64 = 'n'.repeat(64);
    expect(named(n63, n63, n63).verdict).toBe('ready');
    expect(blockers(named('rg-net', 'vnet', n64))).toEqual(['overlay-unsupported-pool']);
    expect(blockers(named('rg-net', n64, 'snet'))).toEqual(['overlay-unsupported-pool']);
    expect(blockers(named(n64, 'vnet', 'snet'))).toEqual(['overlay-unsupported-pool']);
  });

  it('overlay-dual-stack warns only for kubenet; cilium-dual-stack-version blocks below 1.29', () => {
    const dual = base();
    dual.cluster.properties.networkProfile.ipFamilies = ['IPv4', 'IPv6'];
    expect(ids(run(dual, 'overlay', '192.168.0.0/16'))).not.toContain('overlay-dual-stack');
    const k = kubenetBase();
    k.cluster.properties.networkProfile.ipFamilies = ['IPv4', 'IPv6'];
    k.cluster.properties.networkProfile.podCidrs = ['10.244.0.0/16', 'fd10:59f0:8c79:240::/64'];
    const kr = run(k, 'overlay');
    expect(finding(kr, 'overlay-dual-stack').severity).toBe('warning');
    expect(kr.verdict).toBe('ready');
    dual.cluster.properties.currentKubernetesVersion = '1.28.9';
    expect(blockers(run(dual, 'cilium'))).toEqual(['cilium-dual-stack-version']);
    dual.cluster.properties.currentKubernetesVersion = '1.29.0';
    expect(run(dual, 'cilium').verdict).toBe('ready');
    const single = base();
    single.cluster.properties.currentKubernetesVersion = '1.28.9';
    expect(run(single, 'cilium').notApplicable).toContain('cilium-dual-stack-version');
  });

  it('cilium-node-auto-provisioning blocks only mode Auto', () => {
    const s = base();
    s.cluster.properties.nodeProvisioningProfile = { mode: 'Auto' };
    expect(blockers(run(s, 'cilium'))).toEqual(['cilium-node-auto-provisioning']);
    s.cluster.properties.nodeProvisioningProfile = { mode: 'Manual' };
    expect(run(s, 'cilium').verdict).toBe('ready');
  });

  it('cilium-policy-compat: ipBlock, named port and endPort, listing the policy names', () => {
    const s = base();
    s.kubernetes.networkPolicies = [
      { metadata: { name: 'plain', namespace: 'web' }, spec: { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80 }] }] } },
      { metadata: { name: 'allow-office', namespace: 'web' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }] }] } },
      { metadata: { name: 'named-port', namespace: 'api' }, spec: { podSelector: {}, ingress: [{ ports: [{ port: 'http', protocol: 'TCP' }] }] } },
      { metadata: { name: 'port-range', namespace: 'api' }, spec: { podSelector: {}, egress: [{ ports: [{ port: 32000, endPort: 32768 }] }] } },
    ];
    const r = run(s, 'cilium');
    expect(r.verdict).toBe('ready');
    const detail = detailOf(finding(r, 'cilium-policy-compat'));
    expect(detail).toMatch(/web\/allow-office: ipBlock/);
    expect(detail).toMatch(/api\/named-port: named port "http"/);
    expect(detail).toMatch(/api\/port-range: endPort 32768/);
    expect(detail).not.toContain('plain');
    expect(detailOf(finding(r, 'cilium-enforcement-gap'))).toContain('web/plain');
    s.kubernetes.networkPolicies = [s.kubernetes.networkPolicies[0]];
    const plain = run(s, 'cilium');
    expect(plain.passed).toContain('cilium-policy-compat');
    expect(ids(plain)).toContain('cilium-enforcement-gap');
  });

  it('pdb-blocks-drain only when disruptionsAllowed == 0 AND expectedPods > 0', () => {
    const pdb = (disruptionsAllowed: number, expectedPods: number): Json =>
      ({ metadata: { name: `pdb-${disruptionsAllowed}-${expectedPods}`, namespace: 'apps' }, spec: { minAvailable: 1 }, status: { disruptionsAllowed, expectedPods, currentHealthy: expectedPods, desiredHealthy: 1 } });
    const s = base();
    s.kubernetes.podDisruptionBudgets = [pdb(0, 0), pdb(1, 2)];
    expect(run(s, 'cilium').passed).toContain('pdb-blocks-drain');
    s.kubernetes.podDisruptionBudgets.push(pdb(0, 1));
    const r = run(s, 'cilium');
    const f = finding(r, 'pdb-blocks-drain');
    expect(f.severity).toBe('warning');
    expect(detailOf(f)).toContain('apps/pdb-0-1');
    expect(detailOf(f)).not.toContain('pdb-0-0');
    expect(detailOf(f)).not.toContain('pdb-1-2');
  });

  it('cluster-provisioning-state: cluster or pool Stopped, or not Succeeded, blocks both targets', () => {
    const stopped = base();
    stopped.cluster.properties.powerState = { code: 'Stopped' };
    expect(blockers(run(stopped, 'cilium'))).toEqual(['cluster-provisioning-state']);
    const poolStopped = base();
    poolStopped.cluster.properties.agentPoolProfiles.push(pool('user', { mode: 'User', powerState: { code: 'Stopped' } }));
    expect(blockers(run(poolStopped, 'overlay', '192.168.0.0/16'))).toEqual(['cluster-provisioning-state']);
    const poolUpgrading = base();
    poolUpgrading.cluster.properties.agentPoolProfiles.push(pool('user', { mode: 'User', provisioningState: 'Upgrading' }));
    expect(blockers(run(poolUpgrading, 'cilium'))).toEqual(['cluster-provisioning-state']);
    const failed = base();
    failed.cluster.properties.provisioningState = 'Failed';
    expect(blockers(run(failed, 'cilium'))).toEqual(['cluster-provisioning-state']);
  });

  it('separate agentPools resources (ARM properties / az nodepool list) override agentPoolProfiles', () => {
    const s = base();
    s.agentPools = [{
      id: `${CLUSTER_ID}/agentPools/system`, name: 'system', type: 'Microsoft.ContainerService/managedClusters/agentPools',
      properties: (({ name: _n, ...rest }) => rest)(pool('system', { type: 'AvailabilitySet' })),
    }];
    expect(blockers(run(s, 'overlay', '192.168.0.0/16'))).toEqual(['overlay-unsupported-pool']);
  });
});

describe('suggestedPodCidr', () => {
  /** A cluster whose own VNets and peerings cover the given spaces. */
  const covered = (spaces: string[], extraPools: Json[] = []): Json => {
    const s = base();
    s.cluster.properties.agentPoolProfiles.push(...extraPools);
    s.virtualNetworks[0].properties.virtualNetworkPeerings = spaces.map((space, i) =>
      peering(`peer-${i}`, { remoteVirtualNetwork: { id: vnetId('rg-hub', `hub-${i}`) }, remoteAddressSpace: { addressPrefixes: [space] } }));
    return s;
  };
  const suggest = (s: Json): PreflightReport => {
    const r = run(s, 'overlay');
    expect(blockers(r)).toEqual(['overlay-pod-cidr-missing']);
    expect(r.suggestedPodCidr).toBeDefined();
    // Passing the suggestion back gives no pod CIDR finding at all.
    const back = run(s, 'overlay', r.suggestedPodCidr);
    expect(podCidrFindings(back)).toEqual([]);
    expect(back.verdict).toBe('ready');
    return r;
  };

  it('prefers 100.64.0.0/10 with the smallest size that has room (3 nodes + 1 surge -> /22)', () => {
    expect(suggest(base()).suggestedPodCidr).toBe('100.64.0.0/22');
  });

  it('skips used parts of 100.64.0.0/10', () => {
    expect(suggest(covered(['100.64.0.0/16'])).suggestedPodCidr).toBe('100.65.0.0/22');
  });

  it('100.64/10 covered entirely by VNets and peerings -> 192.168.0.0/16', () => {
    const s = covered(['100.64.0.0/11', '100.96.0.0/11']);
    expect(suggest(s).suggestedPodCidr).toBe('192.168.0.0/22');
  });

  it('then 172.16.0.0/12 outside the reserved ranges and the service CIDR, then 10.0.0.0/8', () => {
    const s = covered(['100.64.0.0/10', '192.168.0.0/16']);
    const r = suggest(s);
    expect(r.suggestedPodCidr).toBe('172.17.0.0/22'); // 172.16.0.0/16 is the service CIDR
    const all172 = covered(['100.64.0.0/10', '192.168.0.0/16', '172.16.0.0/13', '172.24.0.0/14', '172.28.0.0/15']);
    expect(suggest(all172).suggestedPodCidr).toBe('10.1.0.0/22'); // 10.0.0.0/16 is the VNet
  });

  it('sizes for the cluster maximum: autoscaler maxCount plus surge', () => {
    const s = base();
    s.cluster.properties.agentPoolProfiles.push(pool('apps', { mode: 'User', count: 3, enableAutoScaling: true, minCount: 1, maxCount: 300, upgradeSettings: { maxSurge: '10%' } }));
    // 3 + 1 + 300 + 30 = 334 nodes -> 512 blocks -> /15
    expect(suggest(s).suggestedPodCidr).toBe('100.64.0.0/15');
  });
});
