// The per-cluster Kubernetes API through @kubernetes/client-node, and fleet parsing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_PATH, FleetFileError, loadFleetFile, startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { ARM_AUTH, aksClient, kubeConfigFor, raw } from './helpers.ts';

const SUB_X = '11111111-2222-3333-4444-555555555555';
const ID = '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-x/providers/Microsoft.ContainerService/managedClusters';

/** A small fleet in az CLI (flattened) spelling: one cluster without Kubernetes data, one with synthesised nodes. */
function azFleet(): unknown {
  const base = (name: string) => ({
    id: `${ID}/${name}`,
    location: 'eastus',
    name,
    resourceGroup: 'rg-x',
    provisioningState: 'Succeeded',
    kubernetesVersion: '1.31.2',
    nodeResourceGroup: `MC_rg-x_${name}_eastus`,
    networkProfile: { networkPlugin: 'azure', networkPluginMode: null, dnsServiceIp: '10.0.0.10', serviceCidr: '10.0.0.0/16', podCidr: null },
    agentPoolProfiles: [
      { name: 'nodepool1', count: 2, osType: 'Linux', osSku: 'Ubuntu', mode: 'System', vnetSubnetId: null, nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202502.09.0', orchestratorVersion: '1.31.2' },
      { name: 'npwin', count: 1, osType: 'Windows', osSku: 'Windows2022', mode: 'User', nodeImageVersion: 'AKSWindows-2022-containerd-20348.3207.250214' },
    ],
  });
  return {
    clusters: [
      { cluster: base('no-kube') },
      { cluster: base('synth'), kubernetes: { configMaps: { apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'cm1', namespace: 'kube-system' }, data: { a: 'b' } }] } } },
    ],
  };
}

describe('emulated Kubernetes API', () => {
  let emu: RunningEmulator;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'netpilot-emu-'));
    emu = await startEmulator({ speed: 1000, dataDir });
  });
  afterAll(async () => { await emu.stop(); });

  it('writes the CA it serves with into the data dir', () => {
    expect(readFileSync(join(dataDir, 'emulator-ca.pem'), 'utf8')).toBe(emu.caPem);
  });

  it('hands out a kubeconfig per cluster whose server and token reach that cluster', async () => {
    const kc = await kubeConfigFor(emu, 'aks-calico');
    expect(kc.getCurrentCluster()?.server).toBe(`${emu.url}/k8s/6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00/rg-demo/aks-calico`);
    const other = await kubeConfigFor(emu, 'aks-legacy');
    expect(kc.getCurrentUser()?.token).not.toBe(other.getCurrentUser()?.token);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.labels?.['kubernetes.azure.com/agentpool'])).toEqual(['system', 'system', 'apps', 'apps', 'apps']);
    const net = kc.makeApiClient(k8s.NetworkingV1Api);
    const policies = await net.listNetworkPolicyForAllNamespaces();
    expect(policies.items.map((p) => p.metadata?.name)).toEqual(['default-deny-ingress', 'allow-frontend-to-api', 'allow-egress-onprem']);
    expect(policies.items.some((p) => p.spec?.egress?.some((e) => e.to?.some((t) => t.ipBlock)))).toBe(true);
    const nsPolicies = await net.listNamespacedNetworkPolicy({ namespace: 'kube-system' });
    expect(nsPolicies.items).toEqual([]);
    const policy = kc.makeApiClient(k8s.PolicyV1Api);
    const pdbs = await policy.listPodDisruptionBudgetForAllNamespaces();
    expect(pdbs.items.every((p) => (p.status?.disruptionsAllowed ?? 0) >= 1)).toBe(true);
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.29.12');
  });

  it('serves the legacy ip-masq-agent ConfigMap of aks-ipmasq in kube-system', async () => {
    const core = (await kubeConfigFor(emu, 'aks-ipmasq')).makeApiClient(k8s.CoreV1Api);
    const cms = await core.listNamespacedConfigMap({ namespace: 'kube-system' });
    const custom = cms.items.find((c) => c.metadata?.name === 'azure-ip-masq-agent-config');
    expect(custom?.data?.['ip-masq-agent']).toContain('nonMasqueradeCIDRs');
    const all = await core.listConfigMapForAllNamespaces();
    expect(all.items.length).toBe(cms.items.length);
    const none = await core.listNamespacedConfigMap({ namespace: 'default' });
    expect(none.items).toEqual([]);
  });

  it('returns real List shapes and 401 Status without the cluster token', async () => {
    const kc = await kubeConfigFor(emu, 'aks-legacy');
    const prefix = new URL(kc.getCurrentCluster()!.server).pathname;
    const ok = await raw(emu, 'GET', `${prefix}/api/v1/nodes`, { authorization: `Bearer ${kc.getCurrentUser()!.token}` });
    expect(ok.json).toMatchObject({ kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: expect.any(String) } });
    const none = await raw(emu, 'GET', `${prefix}/api/v1/nodes`);
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 });
    const wrong = await raw(emu, 'GET', `${prefix}/api/v1/nodes`, { authorization: 'Bearer emulator' });
    expect(wrong.status).toBe(401);
    const otherToken = (await kubeConfigFor(emu, 'aks-old')).getCurrentUser()!.token;
    const cross = await raw(emu, 'GET', `${prefix}/api/v1/nodes`, { authorization: `Bearer ${otherToken}` });
    expect(cross.status).toBe(401);
  });
});

describe('fleets in az CLI spelling', () => {
  let emu: RunningEmulator;
  beforeAll(async () => { emu = await startEmulator({ fleet: azFleet(), speed: 1000 }); });
  afterAll(async () => { await emu.stop(); });

  it('serves az-flattened clusters in ARM wire form with ARM spellings', async () => {
    const r = await raw(emu, 'GET', `${ID}/synth?api-version=2026-04-01`, ARM_AUTH);
    const body = r.json as { properties: { networkProfile: Record<string, unknown>; agentPoolProfiles: Record<string, unknown>[] } };
    expect(body.properties.networkProfile.dnsServiceIP).toBe('10.0.0.10');
    expect(body.properties.networkProfile).not.toHaveProperty('dnsServiceIp');
    expect(body.properties.networkProfile).not.toHaveProperty('podCidr');
    expect(body.properties.agentPoolProfiles[0].osSKU).toBe('Ubuntu');
    expect(body.properties.agentPoolProfiles[0]).not.toHaveProperty('vnetSubnetId');
    expect(body).not.toHaveProperty('resourceGroup');
  });

  it('answers 403 Forbidden on every list when the cluster has no Kubernetes data', async () => {
    const core = (await kubeConfigFor(emu, 'no-kube', 'rg-x', SUB_X)).makeApiClient(k8s.CoreV1Api);
    await expect(core.listNode()).rejects.toMatchObject({ code: 403 });
    const kc = await kubeConfigFor(emu, 'no-kube', 'rg-x', SUB_X);
    const prefix = new URL(kc.getCurrentCluster()!.server).pathname;
    const r = await raw(emu, 'GET', `${prefix}/apis/policy/v1/poddisruptionbudgets`, { authorization: `Bearer ${kc.getCurrentUser()!.token}` });
    expect(r.json).toMatchObject({ kind: 'Status', reason: 'Forbidden', code: 403 });
  });

  it('synthesises nodes from pool counts when kubernetes.nodes is absent', async () => {
    const core = (await kubeConfigFor(emu, 'synth', 'rg-x', SUB_X)).makeApiClient(k8s.CoreV1Api);
    const nodes = (await core.listNode()).items;
    expect(nodes.map((n) => n.metadata?.name)).toEqual([
      expect.stringMatching(/^aks-nodepool1-\d{8}-vmss000000$/), expect.stringMatching(/^aks-nodepool1-\d{8}-vmss000001$/), 'aksnpwin000000',
    ]);
    const win = nodes[2];
    expect(win.metadata?.labels?.['kubernetes.io/os']).toBe('windows');
    expect(win.status?.nodeInfo?.kernelVersion).toBe('10.0.20348.3207');
    expect(win.status?.nodeInfo?.containerRuntimeVersion).toMatch(/^containerd:\/\//);
    expect(nodes[0].status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    const cms = await core.listNamespacedConfigMap({ namespace: 'kube-system' });
    expect(cms.items.map((c) => c.metadata?.name)).toEqual(['cm1']);
    const client = aksClient(emu, SUB_X);
    const names: string[] = [];
    for await (const c of client.managedClusters.listByResourceGroup('rg-x')) names.push(c.name!);
    expect(names).toEqual(['no-kube', 'synth']);
  });
});

describe('fleet files', () => {
  it('loads the bundled demo fleet', () => {
    const fleet = loadFleetFile(DEMO_FLEET_PATH);
    expect(fleet.clusters.map((c) => c.name)).toContain('aks-legacy');
    expect(fleet.clusters.every((c) => c.subscriptionId === '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00' && c.resourceGroup === 'rg-demo')).toBe(true);
  });

  it('names the file and JSON path of a malformed fleet', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpilot-fleet-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ clusters: [{ cluster: { id: `${ID}/a`, properties: { networkProfile: {} } } }, { cluster: { name: 'no-id' } }] }));
    let error: unknown;
    try { loadFleetFile(file); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(FleetFileError);
    expect((error as FleetFileError).file).toBe(file);
    expect((error as FleetFileError).jsonPath).toBe('clusters[1].cluster.id');
    expect((error as FleetFileError).message).toContain(file);
    expect((error as FleetFileError).message).toContain('clusters[1].cluster.id');

    writeFileSync(file, JSON.stringify({ clusters: [{ cluster: { id: `${ID}/a`, properties: {} } }] }));
    expect(() => loadFleetFile(file)).toThrow(/clusters\[0\]\.cluster\.properties\.networkProfile/);
    writeFileSync(file, '{ nope');
    expect(() => loadFleetFile(file)).toThrow(/not valid JSON/);
    expect(() => loadFleetFile(join(dir, 'missing.json'))).toThrow(/file not found/);
  });
});
