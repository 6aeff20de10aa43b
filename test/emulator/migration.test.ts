// Updates through the real ContainerServiceClient: LRO, eTags, 409/412, RP validation, PDB failure.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { ARM_AUTH, aksClient, kubeConfigFor, raw, SUB, withNetwork } from './helpers.ts';

describe('accepted network migrations', () => {
  let emu: RunningEmulator;
  beforeAll(async () => { emu = await startEmulator({ speed: 2000 }); });
  afterAll(async () => { await emu.stop(); });

  it('migrates aks-legacy to Overlay (pod CIDR 192.168.0.0/16) through the LRO, relabelling every node', async () => {
    const client = aksClient(emu);
    const before = await client.managedClusters.get('rg-demo', 'aks-legacy');
    const result = await client.managedClusters.beginCreateOrUpdateAndWait('rg-demo', 'aks-legacy',
      withNetwork(before, { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' }), { ifMatch: before.eTag, updateIntervalInMs: 50 });
    expect(result.provisioningState).toBe('Succeeded');
    expect(result.networkProfile).toMatchObject({ networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16', podCidrs: ['192.168.0.0/16'] });
    expect(result.eTag).not.toBe(before.eTag);
    expect(result.agentPoolProfiles?.every((p) => p.provisioningState === 'Succeeded')).toBe(true);
    const core = (await kubeConfigFor(emu, 'aks-legacy')).makeApiClient(k8s.CoreV1Api);
    const nodes = (await core.listNode()).items;
    expect(nodes).toHaveLength(8);
    for (const n of nodes) {
      expect(n.metadata?.labels?.['kubernetes.azure.com/azure-cni-overlay']).toBe('true');
      expect(n.metadata?.labels?.['kubernetes.azure.com/podnetwork-type']).toBe('overlay');
      expect(n.spec?.unschedulable).toBeFalsy();
      expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
    const polls = emu.requests().filter((r) => r.path.includes('/providers/Microsoft.ContainerService/locations/japaneast/operations/'));
    expect(polls.length).toBeGreaterThan(0);
  });

  it('migrates aks-kubenet to Overlay keeping its pod CIDR and drops the AKS-managed route table', async () => {
    const client = aksClient(emu);
    const before = await client.managedClusters.get('rg-demo', 'aks-kubenet');
    const result = await client.managedClusters.beginCreateOrUpdateAndWait('rg-demo', 'aks-kubenet',
      withNetwork(before, { networkPlugin: 'azure', networkPluginMode: 'overlay' }), { ifMatch: before.eTag, updateIntervalInMs: 50 });
    expect(result.networkProfile).toMatchObject({ networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '10.244.0.0/16', networkDataplane: 'azure' });
    const list = await raw(emu, 'GET', `/subscriptions/${SUB}/resourceGroups/MC_rg-demo_aks-kubenet_japaneast/providers/Microsoft.Network/routeTables?api-version=1`, ARM_AUTH);
    expect((list.json as { value: unknown[] }).value).toEqual([]);
  });

  it('then enables Cilium on aks-kubenet, now Overlay (a plan\'s second step), labelling every node with both', async () => {
    const client = aksClient(emu);
    const before = await client.managedClusters.get('rg-demo', 'aks-kubenet');
    expect(before.networkProfile).toMatchObject({ networkPluginMode: 'overlay', networkDataplane: 'azure' });
    const result = await client.managedClusters.beginCreateOrUpdateAndWait('rg-demo', 'aks-kubenet',
      withNetwork(before, { networkDataplane: 'cilium', networkPolicy: 'cilium' }), { ifMatch: before.eTag, updateIntervalInMs: 50 });
    expect(result.provisioningState).toBe('Succeeded');
    expect(result.networkProfile).toMatchObject({ networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '10.244.0.0/16',
      networkDataplane: 'cilium', networkPolicy: 'cilium' });
    const core = (await kubeConfigFor(emu, 'aks-kubenet')).makeApiClient(k8s.CoreV1Api);
    const nodes = (await core.listNode()).items;
    expect(nodes).toHaveLength(3);
    for (const n of nodes) {
      expect(n.metadata?.labels?.['kubernetes.azure.com/podnetwork-type']).toBe('overlay');
      expect(n.metadata?.labels?.['kubernetes.azure.com/ebpf-dataplane']).toBe('cilium');
    }
  });

  it('enables Cilium on aks-overlay and labels nodes with the eBPF dataplane', async () => {
    const client = aksClient(emu);
    const before = await client.managedClusters.get('rg-demo', 'aks-overlay');
    const result = await client.managedClusters.beginCreateOrUpdateAndWait('rg-demo', 'aks-overlay',
      withNetwork(before, { networkDataplane: 'cilium', networkPolicy: 'cilium' }), { ifMatch: before.eTag, updateIntervalInMs: 50 });
    expect(result.networkProfile).toMatchObject({ networkDataplane: 'cilium', networkPolicy: 'cilium' });
    const core = (await kubeConfigFor(emu, 'aks-overlay')).makeApiClient(k8s.CoreV1Api);
    const labels = (await core.listNode()).items.map((n) => n.metadata?.labels?.['kubernetes.azure.com/ebpf-dataplane']);
    expect(labels).toEqual(['cilium', 'cilium', 'cilium', 'cilium']);
  });

  it('fails the migration of aks-pdb after the drain timeout, naming the blocking PDB', async () => {
    const client = aksClient(emu);
    const before = await client.managedClusters.get('rg-demo', 'aks-pdb');
    const error = await client.managedClusters.beginCreateOrUpdateAndWait('rg-demo', 'aks-pdb',
      withNetwork(before, { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' }), { ifMatch: before.eTag, updateIntervalInMs: 50 })
      .then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain('payments/ledger-db');
    const after = await client.managedClusters.get('rg-demo', 'aks-pdb');
    expect(after.provisioningState).toBe('Failed');
    expect(after.agentPoolProfiles?.find((p) => p.name === 'db')?.provisioningState).toBe('Failed');
    expect(after.agentPoolProfiles?.find((p) => p.name === 'system')?.provisioningState).toBe('Succeeded');
    const core = (await kubeConfigFor(emu, 'aks-pdb')).makeApiClient(k8s.CoreV1Api);
    const cordoned = (await core.listNode()).items.filter((n) => n.spec?.unschedulable).map((n) => n.metadata?.labels?.['kubernetes.azure.com/agentpool']);
    expect(cordoned).toEqual(['db']);
  });
});

describe('update while busy and with a stale eTag', () => {
  it('shows the new network profile and Updating states at once, then 409 for a second PUT; 412 on a stale eTag', async () => {
    const emu = await startEmulator({ speed: 1 });
    try {
      const client = aksClient(emu);
      const before = await client.managedClusters.get('rg-demo', 'aks-legacy');
      const body = JSON.stringify({
        location: 'japaneast',
        properties: { networkProfile: { ...before.networkProfile, networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' } },
      });
      const path = `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy?api-version=2026-04-01`;
      const stale = await raw(emu, 'PUT', path, { ...ARM_AUTH, 'content-type': 'application/json', 'if-match': 'stale-etag' }, body);
      expect(stale.status).toBe(412);
      expect(stale.json).toMatchObject({ error: { code: 'PreconditionFailed' } });
      const put = await raw(emu, 'PUT', path, { ...ARM_AUTH, 'content-type': 'application/json', 'if-match': before.eTag! }, body);
      expect(put.status).toBe(200);
      const wire = put.json as { properties: { provisioningState: string; networkProfile: { networkPluginMode: string }; agentPoolProfiles: { provisioningState: string }[] } };
      expect(wire.properties.provisioningState).toBe('Updating');
      expect(wire.properties.networkProfile.networkPluginMode).toBe('overlay');
      expect(wire.properties.agentPoolProfiles.every((p) => p.provisioningState === 'Updating')).toBe(true);
      const asyncUrl = String(put.headers['azure-asyncoperation']);
      expect(asyncUrl).toMatch(new RegExp(`^${emu.url}/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/japaneast/operations/[0-9a-f-]{36}\\?api-version=`));
      expect(Number(put.headers['retry-after'])).toBeGreaterThan(0);
      const status = await raw(emu, 'GET', asyncUrl.slice(emu.url.length), ARM_AUTH);
      expect(status.json).toMatchObject({ status: 'InProgress' });
      expect(Object.keys(status.json as object).sort()).toEqual(['name', 'startTime', 'status']);
      const again = await raw(emu, 'PUT', path, { ...ARM_AUTH, 'content-type': 'application/json' }, body);
      expect(again.status).toBe(409);
      expect(again.json).toMatchObject({ error: { code: 'OperationNotAllowed' } });
      await expect(client.managedClusters.beginCreateOrUpdateAndWait('rg-demo', 'aks-busy', await client.managedClusters.get('rg-demo', 'aks-busy')))
        .rejects.toMatchObject({ statusCode: 409 });
    } finally {
      await emu.stop();
    }
  });
});

describe('resource-provider validation', () => {
  let emu: RunningEmulator;
  beforeAll(async () => { emu = await startEmulator({ speed: 1000 }); });
  afterAll(async () => { await emu.stop(); });

  const cases: { name: string; cluster: string; patch: Record<string, string>; identity?: string; code: string; message?: string }[] = [
    { name: 'Overlay with Calico', cluster: 'aks-calico', patch: { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' }, code: 'BadRequest', message: 'Cannot update cluster to Azure CNI Overlay while using network policies with Azure CNI v1.' },
    { name: 'Cilium dataplane without Cilium policy', cluster: 'aks-overlay', patch: { networkDataplane: 'cilium' }, code: 'CiliumDataplaneRequiresNetworkPolicyCilium' },
    { name: 'IPAM and dataplane in one PUT', cluster: 'aks-legacy', patch: { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16', networkDataplane: 'cilium', networkPolicy: 'cilium' }, code: 'InvalidNetworkProfileUpdate' },
    { name: 'kubenet to Overlay without user-assigned identity', cluster: 'aks-kubenet', identity: 'SystemAssigned', patch: { networkPlugin: 'azure', networkPluginMode: 'overlay' }, code: 'BadRequest', message: 'user-assigned' },
    { name: 'reserved pod CIDR', cluster: 'aks-legacy', patch: { networkPluginMode: 'overlay', podCidr: '172.30.0.0/16' }, code: 'ReservedPodCidr' },
    { name: 'pod CIDR overlapping the VNet', cluster: 'aks-legacy', patch: { networkPluginMode: 'overlay', podCidr: '10.244.0.0/16' }, code: 'PodCidrOverlapsWithVnet' },
    { name: 'custom ip-masq-agent ConfigMap', cluster: 'aks-ipmasq', patch: { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' }, code: 'CustomIPMasqAgentConfigNotSupported', message: 'kube-system/azure-ip-masq-agent-config' },
    { name: 'Overlay from pod subnet', cluster: 'aks-podsubnet', patch: { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' }, code: 'OperationNotAllowed', message: 'podSubnetID' },
    { name: 'Cilium on kubenet', cluster: 'aks-kubenet', patch: { networkDataplane: 'cilium', networkPolicy: 'cilium' }, code: 'OperationNotAllowed', message: 'kubenet' },
    { name: 'Overlay below Kubernetes 1.27', cluster: 'aks-old', patch: { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' }, code: 'KubernetesVersionNotSupported' },
    { name: 'Cilium with Windows pools', cluster: 'aks-legacy', patch: { networkDataplane: 'cilium', networkPolicy: 'cilium' }, code: 'OperationNotAllowed', message: 'Windows' },
    { name: 'overlay mode with kubenet plugin', cluster: 'aks-kubenet', patch: { networkPluginMode: 'overlay' }, code: 'UnsupportedNetworkPluginModeWithNetworkPlugin', message: 'NetworkPluginMode overlay is not supported with NetworkPlugin kubenet.' },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} with 400 ${c.code}`, async () => {
      const client = aksClient(emu);
      const before = await client.managedClusters.get('rg-demo', c.cluster);
      const body = withNetwork(before, c.patch);
      if (c.identity) body.identity = { type: c.identity as 'SystemAssigned' };
      const error = await client.managedClusters.beginCreateOrUpdateAndWait('rg-demo', c.cluster, body, { ifMatch: before.eTag })
        .then(() => undefined, (e: unknown) => e as { statusCode?: number; code?: string; message: string });
      expect(error).toMatchObject({ statusCode: 400, code: c.code });
      if (c.message) expect(error!.message).toContain(c.message);
      const after = await client.managedClusters.get('rg-demo', c.cluster);
      expect(after.eTag).toBe(before.eTag);
      expect(after.networkProfile).toEqual(before.networkProfile);
    });
  }
});
