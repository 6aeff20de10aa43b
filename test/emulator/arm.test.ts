// ARM side of the emulator through the real @azure/arm-* clients over HTTPS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { ARM_AUTH, aksClient, networkClient, raw, SUB } from './helpers.ts';

const DEMO = ['aks-legacy', 'aks-kubenet', 'aks-calico', 'aks-podsubnet', 'aks-ipmasq', 'aks-old', 'aks-overlay', 'aks-cilium', 'aks-busy', 'aks-pdb', 'aks-entra', 'aks-private'];

describe('emulator ARM', () => {
  let emu: RunningEmulator;
  beforeAll(async () => { emu = await startEmulator({ speed: 1000 }); });
  afterAll(async () => { await emu.stop(); });

  it('binds 127.0.0.1 on an ephemeral port', () => {
    expect(emu.url).toBe(`https://127.0.0.1:${emu.port}`);
    expect(emu.port).toBeGreaterThan(0);
    expect(emu.caPem).toContain('BEGIN CERTIFICATE');
  });

  it('lists every demo cluster by subscription and by resource group, following nextLink pages', async () => {
    const client = aksClient(emu);
    const bySub: string[] = [];
    for await (const c of client.managedClusters.list()) bySub.push(c.name!);
    const byRg: string[] = [];
    for await (const c of client.managedClusters.listByResourceGroup('rg-demo')) byRg.push(c.name!);
    expect(bySub).toEqual(DEMO);
    expect(byRg).toEqual(DEMO);
    const pages = emu.requests().filter((r) => r.path === `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`);
    expect(pages.length).toBe(Math.ceil(DEMO.length / 3));
  });

  it('serves a cluster in wire form with eTags, az spellings normalised and pools inline', async () => {
    const c = await aksClient(emu).managedClusters.get('rg-demo', 'aks-legacy');
    expect(c.eTag).toMatch(/.+/);
    expect(c.provisioningState).toBe('Succeeded');
    expect(c.kubernetesVersion).toMatch(/^1\.30\./);
    expect(c.nodeResourceGroup).toBe('MC_rg-demo_aks-legacy_japaneast');
    expect(c.networkProfile?.networkPlugin).toBe('azure');
    expect(c.networkProfile?.networkPluginMode).toBeUndefined();
    const win = c.agentPoolProfiles?.find((p) => p.osType === 'Windows');
    expect(win?.osSKU).toBe('Windows2022');
    expect(win?.nodeImageVersion).toBe('AKSWindows-2022-containerd-20348.3207.250214');
    expect(c.agentPoolProfiles?.every((p) => p.eTag && p.vnetSubnetID?.includes('/virtualNetworks/vnet-legacy/'))).toBe(true);
    const wire = await raw(emu, 'GET', `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy?api-version=2026-04-01`, ARM_AUTH);
    expect((wire.json as { properties: { networkProfile: { dnsServiceIP: string } } }).properties.networkProfile.dnsServiceIP).toBe('172.16.0.10');
  });

  it('serves agent pools list and get', async () => {
    const client = aksClient(emu);
    const names: string[] = [];
    for await (const p of client.agentPools.list('rg-demo', 'aks-legacy')) names.push(p.name!);
    expect(names).toEqual(['system', 'apps', 'win22']);
    const apps = await client.agentPools.get('rg-demo', 'aks-legacy', 'apps');
    expect(apps.maxCount).toBe(10);
    expect(apps.upgradeSettings?.maxSurge).toBe('33%');
  });

  it('serves VNets (subnets and peerings inline), VNets of a node resource group, subnets and route tables', async () => {
    const net = networkClient(emu);
    const vnet = await net.virtualNetworks.get('rg-demo', 'vnet-legacy');
    expect(vnet.addressSpace?.addressPrefixes).toEqual(['10.0.0.0/8']);
    expect(vnet.subnets?.map((s) => s.name)).toContain('snet-aks-nodes');
    expect(vnet.virtualNetworkPeerings?.[0].remoteAddressSpace?.addressPrefixes).toEqual(['172.20.0.0/16']);
    const subnet = await net.subnets.get('rg-demo', 'vnet-legacy', 'snet-aks-win');
    expect(subnet.addressPrefix).toBe('10.241.0.0/16');
    const managed: string[] = [];
    for await (const v of net.virtualNetworks.list('MC_rg-demo_aks-kubenet_japaneast')) managed.push(v.name!);
    expect(managed).toHaveLength(1);
    expect(managed[0]).toMatch(/^aks-vnet-\d+$/);
    const managedVnet = await net.virtualNetworks.get('MC_rg-demo_aks-kubenet_japaneast', managed[0]);
    const rtId = managedVnet.subnets?.[0].routeTable?.id;
    expect(rtId).toMatch(/\/resourceGroups\/MC_rg-demo_aks-kubenet_japaneast\/providers\/Microsoft.Network\/routeTables\//);
    const rt = await net.routeTables.get('MC_rg-demo_aks-kubenet_japaneast', rtId!.split('/').pop()!);
    expect(rt.routes?.map((r) => r.addressPrefix)).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
  });

  it('lists the fleet subscriptions', async () => {
    const r = await raw(emu, 'GET', '/subscriptions?api-version=2022-12-01', ARM_AUTH);
    expect(r.status).toBe(200);
    expect((r.json as { value: { subscriptionId: string }[] }).value.map((s) => s.subscriptionId)).toEqual([SUB]);
  });

  it('answers 404 ResourceNotFound for unknown resources and 401 without a bearer token', async () => {
    await expect(aksClient(emu).managedClusters.get('rg-demo', 'nope')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(networkClient(emu).virtualNetworks.get('rg-demo', 'nope')).rejects.toMatchObject({ statusCode: 404 });
    const noAuth = await raw(emu, 'GET', `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-04-01`);
    expect(noAuth.status).toBe(401);
    expect(noAuth.json).toMatchObject({ error: { code: 'AuthenticationFailed' } });
    const emptyAuth = await raw(emu, 'GET', `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-04-01`, { authorization: 'Bearer ' });
    expect(emptyAuth.status).toBe(401);
    const noVersion = await raw(emu, 'GET', `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters`, ARM_AUTH);
    expect(noVersion.status).toBe(400);
    expect(noVersion.json).toMatchObject({ error: { code: 'MissingApiVersionParameter' } });
  });

  it('logs every request it served at /_emulator/log, newest last, without auth', async () => {
    await raw(emu, 'GET', `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-old?api-version=1`, ARM_AUTH);
    const r = await raw(emu, 'GET', '/_emulator/log');
    expect(r.status).toBe(200);
    const log = r.json as { method: string; path: string; status: number; time: string }[];
    expect(log.length).toBe(emu.requests().length);
    expect(log[log.length - 1]).toMatchObject({ method: 'GET', path: `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-old`, status: 200 });
    expect(Number.isNaN(Date.parse(log[0].time))).toBe(false);
  });
});

describe('emulator throttling and faults', () => {
  it('answers 429 Throttled with Retry-After once a forced-small bucket is empty', async () => {
    const emu = await startEmulator({ faults: { throttle: { clusterGet: { size: 2, refillPerSecond: 0.5 } } } });
    try {
      const path = `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy?api-version=2026-04-01`;
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 3; i += 1) { last = await raw(emu, 'GET', path, ARM_AUTH); statuses.push(last.status); }
      expect(statuses).toEqual([200, 200, 429]);
      expect(last!.json).toMatchObject({ error: { code: 'Throttled' } });
      expect(Number(last!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Another cluster has its own bucket.
      const other = await raw(emu, 'GET', path.replace('aks-legacy', 'aks-old'), ARM_AUTH);
      expect(other.status).toBe(200);
    } finally {
      await emu.stop();
    }
  });

  it('injects errors at the configured rate', async () => {
    const emu = await startEmulator({ faults: { errorRate: 1 } });
    try {
      const r = await raw(emu, 'GET', `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=1`, ARM_AUTH);
      expect(r.status).toBe(500);
      expect(r.json).toMatchObject({ error: { code: 'InternalServerError' } });
    } finally {
      await emu.stop();
    }
  });
});
