// Loader tests: ARM REST examples (test/fixtures/arm, see PROVENANCE.md), az CLI / SDK flattened JSON,
// kubectl List objects, mode derivation, and malformed input naming the file and JSON path.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnapshotFileError } from '../../../services/cluster/errors.ts';
import { loadFleetFile, loadSnapshotFile, parseFleet, parseSnapshot } from '../../../services/cluster/load.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fixture JSON is edited freely in tests

const fixture = (path: string, status = '200'): Json =>
  JSON.parse(readFileSync(new URL(`../../fixtures/arm/${path}`, import.meta.url), 'utf8')).responses[status].body;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const clusterId = (name: string, rg = 'rg-demo') => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
const subnetId = (vnet: string, subnet: string) => `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;

function snapshotError(json: unknown, source = 'snap.json'): SnapshotFileError {
  try {
    parseSnapshot(json, source);
  } catch (err) {
    expect(err).toBeInstanceOf(SnapshotFileError);
    return err as SnapshotFileError;
  }
  throw new Error('expected parseSnapshot to throw');
}

describe('ARM REST JSON (public examples)', () => {
  it('normalises ManagedClustersGet (kubenet, agentPoolProfiles as pools)', () => {
    const s = parseSnapshot({ cluster: fixture('containerservice/2026-08-01/ManagedClustersGet.json') }, 'get.json');
    expect(s.source).toBe('get.json');
    expect(s.cluster).toMatchObject({
      name: 'clustername1', resourceGroup: 'rg1', subscriptionId: '00000000-0000-0000-0000-000000000000',
      location: 'location1', eTag: 'beywbwei', provisioningState: 'Succeeded', kubernetesVersion: '1.9.6',
      currentKubernetesVersion: '1.9.6', nodeResourceGroup: 'MC_rg1_clustername1_location1',
    });
    expect(s.cluster.networkProfile).toMatchObject({
      networkPlugin: 'kubenet', podCidr: '10.244.0.0/16', podCidrs: ['10.244.0.0/16'], serviceCidr: '10.0.0.0/16',
      dnsServiceIp: '10.0.0.10', outboundType: 'loadBalancer', ipFamilies: ['IPv4'],
    });
    expect(s.agentPools).toHaveLength(1);
    expect(s.agentPools[0]).toMatchObject({
      name: 'nodepool1', count: 3, eTag: 'nvewbvoi', osType: 'Linux', vmSize: 'Standard_DS1_v2', maxSurge: '33%',
      enableAutoScaling: false, nodeImageVersion: 'AKSUbuntu:1604:2020.03.11', provisioningState: 'Succeeded',
    });
    expect(s.agentPools[0].vnetSubnetId).toBeUndefined();
    expect(s.derived).toEqual({ mode: 'kubenet', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.9.6' });
    // Lists not given are "not read", never "read, none".
    expect(s.virtualNetworks).toBeUndefined();
    expect(s.routeTables).toBeUndefined();
    expect(s.kubernetes).toBeUndefined();
    expect(s.unavailable).toEqual([]);
  });

  it('derives overlay + cilium from the node auto-provisioning example', () => {
    const s = parseSnapshot({ cluster: fixture('containerservice/2026-05-01/ManagedClustersCreate_NodeAutoProvisioning.json') }, 'nap.json');
    expect(s.derived.mode).toBe('overlay');
    expect(s.derived.dataplane).toBe('cilium');
    expect(s.derived.networkPolicy).toBe('none');
  });

  it('keeps both families of the dual-stack example', () => {
    const s = parseSnapshot({ cluster: fixture('containerservice/2026-08-01/ManagedClustersCreate_DualStackNetworking.json') }, 'ds.json');
    expect(s.cluster.networkProfile.ipFamilies).toEqual(['IPv4', 'IPv6']);
    expect(s.cluster.networkProfile.podCidrs).toEqual(['10.244.0.0/16', 'fd11:1234::/64']);
    expect(s.cluster.networkProfile.serviceCidrs).toEqual(['10.0.0.0/16', 'fd00:1234::/108']);
  });

  it('takes agent pools from ARM agent pool resources over agentPoolProfiles', () => {
    const cluster = fixture('containerservice/2026-08-01/ManagedClustersGet.json');
    const listed = fixture('containerservice/2026-07-01/AgentPoolsList.json').value as Json[];
    const windows = fixture('containerservice/2026-08-01/AgentPoolsCreate_WindowsOSSKU.json');
    const s = parseSnapshot({ cluster, agentPools: [...listed, windows] }, 'pools.json');
    expect(s.agentPools.map((p) => p.name)).toEqual([listed[0].name, windows.name]);
    // An ARM pool resource's own `type` is its resource type, not the pool kind.
    expect(s.agentPools[0].type).toBeUndefined();
    expect(s.agentPools[0].id).toBe(listed[0].id);
    expect(s.agentPools[1]).toMatchObject({ osType: 'Windows', osSku: 'Windows2022', orchestratorVersion: '1.23.3' });
  });

  it('normalises an ARM VNet (subnets inline) and route table', () => {
    const vnet = fixture('network/2026-03-01/VirtualNetworkGet.json');
    const rt = fixture('network/2026-01-01/RouteTableGet.json');
    const s = parseSnapshot({ cluster: fixture('containerservice/2026-08-01/ManagedClustersGet.json'), virtualNetworks: [vnet], routeTables: [rt] }, 'net.json');
    expect(s.virtualNetworks).toEqual([{
      id: vnet.id, name: 'test-vnet', resourceGroup: 'rg1', addressPrefixes: ['10.0.0.0/16'],
      subnets: [{ id: vnet.properties.subnets[0].id, name: 'subnet1', addressPrefixes: ['10.0.1.0/24'], routeTableId: undefined }],
      peerings: [],
    }]);
    expect(s.routeTables).toHaveLength(1);
    expect(s.routeTables![0]).toMatchObject({ id: rt.id, name: rt.name, resourceGroup: 'rg1' });
    expect(s.routeTables![0].routes).toEqual([{ name: 'route1', addressPrefix: '10.0.3.0/24', nextHopType: 'VirtualNetworkGateway', nextHopIpAddress: undefined }]);
  });
});

describe('az CLI and SDK flattened JSON', () => {
  // Crafted: no public example has these fields (PROVENANCE.md "Scenarios with NO public example").
  const azCluster = (over: Json = {}): Json => ({
    id: clusterId('aks-az'), name: 'aks-az', resourceGroup: 'rg-demo', location: 'japaneast', etag: 'e1',
    provisioningState: 'Succeeded', powerState: { code: 'Running' }, kubernetesVersion: '1.30.4', currentKubernetesVersion: null,
    nodeResourceGroup: 'MC_rg-demo_aks-az_japaneast', identity: { type: 'UserAssigned' },
    networkProfile: { networkPlugin: 'azure', networkPluginMode: null, networkPolicy: null, networkDataplane: null,
      podCidr: null, podCidrs: null, serviceCidr: '10.0.0.0/16', serviceCidrs: ['10.0.0.0/16'], dnsServiceIp: '10.0.0.10', ipFamilies: ['IPv4'] },
    agentPoolProfiles: [{ name: 'sys', count: 2, vmSize: 'Standard_D4s_v5', osType: 'Linux', osSku: 'Ubuntu', mode: 'System',
      type: 'VirtualMachineScaleSets', vnetSubnetId: subnetId('vnet1', 'nodes'), podSubnetId: null, upgradeSettings: { maxSurge: null },
      enableAutoScaling: true, minCount: 1, maxCount: 5 }],
    addonProfiles: { aciConnectorLinux: { enabled: true }, azurepolicy: null },
    nodeProvisioningProfile: { mode: 'Manual' },
    ...over,
  });

  it('reads az spellings and treats null as absent', () => {
    const s = parseSnapshot({ cluster: azCluster() }, 'az.json');
    expect(s.cluster.eTag).toBe('e1');
    expect(s.cluster.currentKubernetesVersion).toBeUndefined();
    expect(s.cluster.identityType).toBe('UserAssigned');
    expect(s.cluster.powerState).toBe('Running');
    expect(s.cluster.networkProfile.dnsServiceIp).toBe('10.0.0.10');
    expect(s.cluster.networkProfile.podCidrs).toEqual([]);
    expect(s.cluster.addons).toEqual({ aciConnectorLinux: true, azurepolicy: false });
    expect(s.cluster.nodeProvisioningMode).toBe('Manual');
    expect(s.agentPools[0]).toMatchObject({
      osSku: 'Ubuntu', type: 'VirtualMachineScaleSets', vnetSubnetId: subnetId('vnet1', 'nodes'), maxSurge: null,
      enableAutoScaling: true, minCount: 1, maxCount: 5,
    });
    expect(s.agentPools[0].podSubnetId).toBeUndefined();
    expect(s.derived).toMatchObject({ mode: 'node-subnet', kubernetesVersion: '1.30.4' });
  });

  it('reads SDK spellings: vnetSubnetID, podSubnetID, osSKU, typePropertiesType, eTag', () => {
    const pool = {
      id: `${clusterId('aks-sdk')}/agentPools/win`, name: 'win', type: 'Microsoft.ContainerService/managedClusters/agentPools',
      typePropertiesType: 'AvailabilitySet', eTag: 'p1', osType: 'Windows', osSKU: 'Windows2019', count: 2,
      vnetSubnetID: subnetId('vnet1', 'nodes'), podSubnetID: subnetId('vnet1', 'pods'), upgradeSettings: { maxSurge: '1' },
      powerState: { code: 'Stopped' },
    };
    const s = parseSnapshot({ cluster: azCluster({ id: clusterId('aks-sdk'), name: 'aks-sdk' }), agentPools: [pool] }, 'sdk.json');
    expect(s.agentPools[0]).toMatchObject({
      type: 'AvailabilitySet', eTag: 'p1', osSku: 'Windows2019', vnetSubnetId: pool.vnetSubnetID, podSubnetId: pool.podSubnetID,
      maxSurge: '1', powerState: 'Stopped',
    });
    expect(s.derived.mode).toBe('pod-subnet');
  });

  it('reads SDK-flattened VNets: addressPrefix, routeTable.id, both peering address spaces', () => {
    const vnet = {
      id: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet1`, name: 'vnet1',
      addressSpace: { addressPrefixes: ['10.0.0.0/8'] },
      subnets: [
        { id: subnetId('vnet1', 'nodes'), name: 'nodes', addressPrefix: '10.240.0.0/16', routeTable: { id: '/subscriptions/x/resourceGroups/rg-net/providers/Microsoft.Network/routeTables/rt1' } },
        { id: subnetId('vnet1', 'multi'), name: 'multi', addressPrefixes: ['10.1.0.0/24', 'fd00::/64'] },
      ],
      virtualNetworkPeerings: [
        { name: 'to-hub', peeringState: 'Connected', remoteVirtualNetwork: { id: 'hub' }, remoteAddressSpace: { addressPrefixes: ['172.16.0.0/16'] },
          remoteVirtualNetworkAddressSpace: { addressPrefixes: ['172.16.0.0/16', '172.17.0.0/16'] } },
        { name: 'to-old', peeringState: 'Disconnected', remoteAddressSpace: { addressPrefixes: ['192.168.0.0/16'] } },
      ],
    };
    const s = parseSnapshot({ cluster: azCluster(), virtualNetworks: [vnet] }, 'vnet.json');
    const v = s.virtualNetworks![0];
    expect(v.resourceGroup).toBe('rg-net');
    expect(v.subnets.map((x) => [x.name, x.addressPrefixes, x.routeTableId])).toEqual([
      ['nodes', ['10.240.0.0/16'], vnet.subnets[0].routeTable!.id],
      ['multi', ['10.1.0.0/24', 'fd00::/64'], undefined],
    ]);
    expect(v.peerings).toEqual([
      { name: 'to-hub', peeringState: 'Connected', remoteVirtualNetworkId: 'hub', remoteAddressPrefixes: ['172.16.0.0/16', '172.17.0.0/16'] },
      { name: 'to-old', peeringState: 'Disconnected', remoteVirtualNetworkId: undefined, remoteAddressPrefixes: ['192.168.0.0/16'] },
    ]);
  });
});

describe('Kubernetes lists', () => {
  const cluster = { id: clusterId('k'), properties: { networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay' } } };
  const node = (name: string, pool: string, runtime: string, ready = 'True') => ({
    metadata: { name, labels: { 'kubernetes.azure.com/agentpool': pool, 'kubernetes.io/os': pool === 'win' ? 'windows' : 'linux' } },
    spec: pool === 'win' ? { unschedulable: true } : {},
    status: { nodeInfo: { osImage: 'img', kernelVersion: '10.0.17763.1', containerRuntimeVersion: runtime, operatingSystem: 'linux' },
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] },
  });
  const configMaps = [
    { metadata: { name: 'azure-ip-masq-agent-config', namespace: 'kube-system', labels: { component: 'ip-masq-agent' } },
      data: { 'ip-masq-agent': 'nonMasqueradeCIDRs:\n  - 10.0.0.0/8' } },
    { metadata: { name: 'coredns' } },
  ];
  const policies = [{ metadata: { name: 'deny', namespace: 'apps' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] } }];
  const pdbs = [{ metadata: { name: 'pdb', namespace: 'apps' }, spec: { selector: { matchLabels: { app: 'x' } } },
    status: { disruptionsAllowed: 0, expectedPods: 2, currentHealthy: 2, desiredHealthy: 2 } }];

  it('accepts kubectl List objects and plain arrays alike', () => {
    const asList = (items: unknown[], kind: string) => ({ apiVersion: 'v1', kind, items, metadata: { resourceVersion: '1' } });
    const a = parseSnapshot({ cluster, kubernetes: {
      nodes: asList([node('n1', 'sys', 'containerd://1.7'), node('w1', 'win', 'docker://20.10', 'False')], 'NodeList'),
      configMaps: asList(configMaps, 'List'), networkPolicies: asList(policies, 'List'), podDisruptionBudgets: asList(pdbs, 'List'),
    } }, 'list.json');
    const b = parseSnapshot({ cluster, kubernetes: {
      nodes: [node('n1', 'sys', 'containerd://1.7'), node('w1', 'win', 'docker://20.10', 'False')],
      configMaps, networkPolicies: policies, podDisruptionBudgets: pdbs,
    } }, 'list.json');
    expect(a.kubernetes).toEqual(b.kubernetes);
    const k = a.kubernetes!;
    expect(k.nodes!.map((n) => [n.name, n.pool, n.osType, n.containerRuntimeVersion, n.ready, n.unschedulable])).toEqual([
      ['n1', 'sys', 'linux', 'containerd://1.7', true, false],
      ['w1', 'win', 'windows', 'docker://20.10', false, true],
    ]);
    expect(k.configMaps!.map((c) => [c.name, c.namespace, c.labels.component ?? null])).toEqual([
      ['azure-ip-masq-agent-config', 'kube-system', 'ip-masq-agent'], ['coredns', 'default', null]]);
    expect(k.networkPolicies![0]).toEqual({ name: 'deny', namespace: 'apps', spec: policies[0].spec });
    expect(k.podDisruptionBudgets![0]).toEqual({ name: 'pdb', namespace: 'apps', disruptionsAllowed: 0, expectedPods: 2,
      currentHealthy: 2, desiredHealthy: 2, selector: { matchLabels: { app: 'x' } } });
  });

  it('distinguishes "read, none" (empty list) from "not read" (absent) and keeps unavailable reasons', () => {
    const s = parseSnapshot({ cluster, kubernetes: { nodes: [], configMaps: { kind: 'List', items: [] } },
      unavailable: [{ section: 'kubernetes.networkPolicies', reason: 'forbidden (403)' }] }, 'k.json');
    expect(s.kubernetes!.nodes).toEqual([]);
    expect(s.kubernetes!.configMaps).toEqual([]);
    expect(s.kubernetes!.networkPolicies).toBeUndefined();
    expect(s.kubernetes!.podDisruptionBudgets).toBeUndefined();
    expect(s.unavailable).toEqual([{ section: 'kubernetes.networkPolicies', reason: 'forbidden (403)' }]);
  });
});

describe('mode derivation (domain notes §2)', () => {
  const snap = (networkProfile: Json, pools: Json[] = [{ name: 'p1', count: 1 }]) =>
    parseSnapshot({ cluster: { id: clusterId('m'), properties: { networkProfile, agentPoolProfiles: pools } } }, 'm.json').derived;

  it.each([
    [{ networkPlugin: 'kubenet' }, 'kubenet'],
    [{ networkPlugin: 'azure' }, 'node-subnet'],
    [{ networkPlugin: 'Azure', networkPluginMode: 'Overlay' }, 'overlay'],
    [{ networkPlugin: 'none' }, 'byo'],
    [{}, 'byo'],
  ])('%j -> %s', (np, mode) => {
    expect(snap(np).mode).toBe(mode);
  });

  it('pod subnet needs Azure CNI without overlay and some pool with podSubnetID', () => {
    const pools = [{ name: 'a', count: 1 }, { name: 'b', count: 1, podSubnetID: subnetId('v', 'pods') }];
    expect(snap({ networkPlugin: 'azure' }, pools).mode).toBe('pod-subnet');
    expect(snap({ networkPlugin: 'azure', networkPluginMode: 'overlay' }, pools).mode).toBe('overlay');
    expect(snap({ networkPlugin: 'kubenet' }, pools).mode).toBe('kubenet');
  });

  it('derives data plane and policy engine', () => {
    expect(snap({ networkPlugin: 'azure', networkDataplane: 'cilium', networkPolicy: 'cilium' })).toMatchObject({ dataplane: 'cilium', networkPolicy: 'cilium' });
    expect(snap({ networkPlugin: 'azure', networkDataplane: 'azure', networkPolicy: 'Calico' })).toMatchObject({ dataplane: 'azure', networkPolicy: 'calico' });
    expect(snap({ networkPlugin: 'azure', networkPolicy: 'azure' })).toMatchObject({ dataplane: 'azure', networkPolicy: 'azure' });
    expect(snap({ networkPlugin: 'azure', networkPolicy: null })).toMatchObject({ networkPolicy: 'none' });
  });

  it('prefers currentKubernetesVersion over kubernetesVersion', () => {
    const d = parseSnapshot({ cluster: { id: clusterId('v'), kubernetesVersion: '1.30', currentKubernetesVersion: '1.30.7', networkProfile: {} } }, 'v.json').derived;
    expect(d.kubernetesVersion).toBe('1.30.7');
  });
});

describe('malformed input names the file and the JSON path', () => {
  const good = () => ({ cluster: clone(fixture('containerservice/2026-08-01/ManagedClustersGet.json')) });

  it.each([
    ['missing cluster', {}, 'cluster'],
    ['missing cluster id', (() => { const g = good(); delete g.cluster.id; return g; })(), 'cluster.id'],
    ['cluster id not an ARM id', (() => { const g = good(); g.cluster.id = 'aks-1'; return g; })(), 'cluster.id'],
    ['missing network profile', (() => { const g = good(); delete g.cluster.properties.networkProfile; return g; })(), 'cluster.properties.networkProfile'],
    ['pool count a string', (() => { const g = good(); g.cluster.properties.agentPoolProfiles[0].count = 'three'; return g; })(), 'cluster.properties.agentPoolProfiles[0].count'],
    ['pool without a name', (() => { const g: Json = good(); g.agentPools = [{ name: 'a' }, { count: 1 }]; return g; })(), 'agentPools[1].name'],
    ['vnet without id', (() => { const g: Json = good(); g.virtualNetworks = [{ name: 'v' }]; return g; })(), 'virtualNetworks[0].id'],
    ['node without metadata.name', (() => { const g: Json = good(); g.kubernetes = { nodes: { kind: 'List', items: [{ metadata: {} }] } }; return g; })(), 'kubernetes.nodes.items[0].metadata.name'],
    ['configmap data not strings', (() => { const g: Json = good(); g.kubernetes = { configMaps: [{ metadata: { name: 'x' }, data: { a: 1 } }] }; return g; })(), 'kubernetes.configMaps[0].data.a'],
    ['unknown unavailable section', (() => { const g: Json = good(); g.unavailable = [{ section: 'pods', reason: 'x' }]; return g; })(), 'unavailable[0].section'],
  ])('%s', (_name, json, path) => {
    const err = snapshotError(json, 'bad.json');
    expect(err.file).toBe('bad.json');
    expect(err.jsonPath).toBe(path);
    expect(err.message.startsWith(`bad.json: ${path}: `)).toBe(true);
    expect(err.message).not.toContain('\n');
  });

  it('fleet errors carry the cluster index', () => {
    const bad = good();
    delete bad.cluster.id;
    try {
      parseFleet({ clusters: [good(), bad] }, 'fleet.json');
      throw new Error('expected parseFleet to throw');
    } catch (err) {
      expect(err).toBeInstanceOf(SnapshotFileError);
      expect((err as SnapshotFileError).jsonPath).toBe('clusters[1].cluster.id');
    }
  });

  it('files: missing, not JSON, and valid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'np-load-'));
    await expect(loadSnapshotFile(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json: file not found/);
    writeFileSync(join(dir, 'broken.json'), '{ "cluster": ');
    await expect(loadSnapshotFile(join(dir, 'broken.json'))).rejects.toThrow(/broken\.json: not valid JSON/);
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ clusters: [good()] }));
    const fleet = await loadFleetFile(join(dir, 'ok.json'));
    expect(fleet.map((c) => c.cluster.name)).toEqual(['clustername1']);
    expect(fleet[0].source).toBe(join(dir, 'ok.json'));
  });
});
