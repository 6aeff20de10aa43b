// The live readers with the REAL @azure/arm-* and @kubernetes/client-node clients against the
// emulator started in-process over HTTPS on an ephemeral port.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_PATH, startEmulator } from '../../../emulator/index.ts';
import { parseFleet, parseSnapshot } from '../../../services/cluster/load.ts';
import { UserError } from '../../../services/cluster/errors.ts';
import { createAzureClients, EmulatorTokenCredential, type AzureClients } from '../../../services/azure/clients.ts';
import { createClusterDirectory, type ClusterRef } from '../../../services/azure/cluster-directory.ts';
import { collectSnapshot } from '../../../services/azure/collect-snapshot.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fleet JSON is edited freely in tests
type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const demoFleet = (): Json => JSON.parse(readFileSync(DEMO_FLEET_PATH, 'utf8'));
const clientsFor = (e: Emulator): AzureClients =>
  createAzureClients({ endpoint: e.url, scope: `${e.url}/.default`, credential: new EmulatorTokenCredential(), caPem: e.caPem });
const ref = (name: string, rg = 'rg-demo'): ClusterRef =>
  ({ subscriptionId: SUB, resourceGroup: rg, name, id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}` });
const noWait = { attempts: 3, baseDelayMs: 1 };

describe('against the demo fleet', () => {
  let emu: Emulator;
  let clients: AzureClients;
  beforeAll(async () => {
    emu = await startEmulator({});
    clients = clientsFor(emu);
  });
  afterAll(async () => emu?.stop());

  it('lists the fleet subscription', async () => {
    const subs = await clients.listSubscriptions();
    expect(subs.map((s) => s.subscriptionId)).toEqual([SUB]);
  });

  it('lists every demo cluster across pages (nextLink) with its derived mode', async () => {
    const fleetNames = demoFleet().clusters.map((c: Json) => c.cluster.name as string);
    const before = emu.requests().length;
    const list = await createClusterDirectory({ clients, subscriptions: 'all' }).list();
    expect(list.map((c) => c.name).sort()).toEqual([...fleetNames].sort());
    const listCalls = emu.requests().slice(before)
      .filter((r) => r.method === 'GET' && /\/providers\/Microsoft\.ContainerService\/managedClusters\/?$/i.test(r.path));
    // The emulator pages by 3, so 9+ clusters need several pages; the SDK followed nextLink.
    expect(listCalls.length).toBe(Math.ceil(fleetNames.length / 3));
    const byName = new Map(list.map((c) => [c.name, c]));
    expect(byName.get('aks-legacy')).toMatchObject({ mode: 'node-subnet', dataplane: 'azure', networkPolicy: 'none', resourceGroup: 'rg-demo', subscriptionId: SUB, location: 'japaneast' });
    expect(byName.get('aks-kubenet')?.mode).toBe('kubenet');
    expect(byName.get('aks-calico')?.networkPolicy).toBe('calico');
    expect(byName.get('aks-podsubnet')?.mode).toBe('pod-subnet');
    expect(byName.get('aks-overlay')).toMatchObject({ mode: 'overlay', dataplane: 'azure' });
    expect(byName.get('aks-cilium')).toMatchObject({ mode: 'overlay', dataplane: 'cilium' });
    expect(byName.get('aks-busy')?.provisioningState).toBe('Updating');
  });

  it('snapshots every demo cluster; the raw file form loads back through parseSnapshot identically', async () => {
    const names = demoFleet().clusters.map((c: Json) => c.cluster.name as string);
    for (const name of names) {
      const { snapshot, raw } = await collectSnapshot(ref(name), { clients, kubeRetry: noWait });
      const reloaded = parseSnapshot(JSON.parse(JSON.stringify(raw)), snapshot.source);
      expect(reloaded, name).toEqual(snapshot);
      expect(snapshot.source).toBe(`live:${ref(name).id}`);
      expect(snapshot.cluster.name).toBe(name);
      expect(snapshot.agentPools.length, name).toBeGreaterThan(0);
      expect(snapshot.unavailable, name).toEqual([]);
      expect(snapshot.kubernetes?.nodes?.length, name).toBeGreaterThan(0);
      expect(snapshot.kubernetes?.configMaps, name).toBeDefined();
      expect(snapshot.kubernetes?.networkPolicies, name).toBeDefined();
      expect(snapshot.kubernetes?.podDisruptionBudgets, name).toBeDefined();
      expect(snapshot.virtualNetworks?.length, name).toBeGreaterThan(0);
      expect(snapshot.routeTables, name).toBeDefined();
      // Every pool subnet is inside a VNet the snapshot holds.
      for (const pool of snapshot.agentPools.filter((p) => p.vnetSubnetId)) {
        const subnets = snapshot.virtualNetworks!.flatMap((v) => v.subnets.map((s) => s.id.toLowerCase()));
        expect(subnets, `${name}/${pool.name}`).toContain(pool.vnetSubnetId!.toLowerCase());
      }
      // Only kube-system ConfigMaps are read.
      expect(snapshot.kubernetes!.configMaps!.every((c) => c.namespace === 'kube-system'), name).toBe(true);
    }
  });

  it('reads through the real clients exactly what the fleet file says (live == offline, wire spellings kept)', async () => {
    const offline = parseFleet(demoFleet(), 'fleet');
    for (const off of offline) {
      const name = off.cluster.name;
      const { snapshot: live } = await collectSnapshot(ref(name), { clients, kubeRetry: noWait });
      expect(live.cluster, name).toEqual(off.cluster);
      expect(live.derived, name).toEqual(off.derived);
      // Pool resources carry their ARM id; agentPoolProfiles in the fleet do not.
      expect(live.agentPools.map((p) => ({ ...p, id: undefined })), name).toEqual(off.agentPools.map((p) => ({ ...p, id: undefined })));
      expect(live.virtualNetworks, name).toEqual(off.virtualNetworks);
      expect(live.routeTables ?? [], name).toEqual(off.routeTables ?? []);
      // e.g. NetworkPolicy `from` (client-node models call it `_from`): the file form keeps the wire name.
      expect(live.kubernetes?.networkPolicies, name).toEqual(off.kubernetes?.networkPolicies);
      expect(live.kubernetes?.nodes, name).toEqual(off.kubernetes?.nodes);
      expect(live.kubernetes?.podDisruptionBudgets, name).toEqual(off.kubernetes?.podDisruptionBudgets);
      expect(live.kubernetes?.configMaps, name).toEqual(off.kubernetes?.configMaps?.filter((c) => c.namespace === 'kube-system'));
    }
  });

  it('keeps SDK spellings in the file form and reads the Windows pool and node runtimes', async () => {
    const { snapshot, raw } = await collectSnapshot(ref('aks-legacy'), { clients, kubeRetry: noWait });
    const rawPools = (raw.agentPools ?? []) as Json[];
    expect(rawPools.length).toBe(snapshot.agentPools.length);
    expect(rawPools.every((p) => typeof p.typePropertiesType === 'string' && 'vnetSubnetID' in p)).toBe(true);
    expect(raw.kubernetes?.nodes?.kind).toBe('List');
    expect(snapshot.agentPools.some((p) => p.osType === 'Windows')).toBe(true);
    expect(snapshot.kubernetes!.nodes!.some((n) => n.containerRuntimeVersion?.startsWith('containerd://'))).toBe(true);
    expect(snapshot.derived.mode).toBe('node-subnet');
  });

  it('reads the route table of a kubenet cluster (AKS-managed, node resource group)', async () => {
    const { snapshot } = await collectSnapshot(ref('aks-kubenet'), { clients, kubeRetry: noWait });
    expect(snapshot.routeTables!.length).toBeGreaterThan(0);
    const used = snapshot.virtualNetworks!.flatMap((v) => v.subnets.map((s) => s.routeTableId?.toLowerCase())).filter(Boolean);
    for (const rt of snapshot.routeTables!) expect(used).toContain(rt.id.toLowerCase());
  });

  it('resolves case-insensitively, by rg/name and by id; not found gives suggestions', async () => {
    const dir = createClusterDirectory({ clients, subscriptions: 'all' });
    expect(await dir.resolve({ name: 'AKS-Legacy' })).toEqual({ kind: 'found', ref: ref('aks-legacy') });
    expect(await dir.resolve({ name: 'aks-legacy', resourceGroup: 'RG-DEMO', subscriptionId: SUB })).toEqual({ kind: 'found', ref: ref('aks-legacy') });
    const miss = await dir.resolve({ name: 'aks-legacyy' });
    expect(miss).toEqual({ kind: 'not-found', query: { name: 'aks-legacyy' }, suggestions: ['aks-legacy'] });
    const wrongRg = await dir.resolve({ name: 'aks-legacy', resourceGroup: 'rg-other' });
    expect(wrongRg).toMatchObject({ kind: 'not-found', suggestions: ['rg-demo/aks-legacy'] });
    const none = await dir.resolve({ name: 'zzzzzzzzzzzz' });
    expect(none).toMatchObject({ kind: 'not-found', suggestions: [] });
    const snap = await dir.snapshot(ref('aks-overlay'));
    expect(snap.derived.mode).toBe('overlay');
  });

  it('throws a UserError when the cluster itself cannot be read', async () => {
    await expect(collectSnapshot(ref('aks-nope'), { clients })).rejects.toBeInstanceOf(UserError);
    await expect(collectSnapshot(ref('aks-nope'), { clients })).rejects.toThrow(/aks-nope.*404|404.*aks-nope|HTTP 404/);
  });
});

describe('special fleets', () => {
  it('records a 403 on Kubernetes (cluster without kubernetes) as unavailable, not thrown', async () => {
    const fleet = demoFleet();
    const legacy = fleet.clusters.find((c: Json) => c.cluster.name === 'aks-legacy');
    delete legacy.kubernetes;
    const emu = await startEmulator({ fleet });
    try {
      const { snapshot, raw } = await collectSnapshot(ref('aks-legacy'), { clients: clientsFor(emu), kubeRetry: noWait });
      expect(snapshot.kubernetes).toBeUndefined();
      expect(snapshot.unavailable).toHaveLength(1);
      expect(snapshot.unavailable[0].section).toBe('kubernetes');
      expect(snapshot.unavailable[0].reason).toMatch(/forbidden \(403\)/);
      expect(raw.unavailable).toEqual(snapshot.unavailable);
      expect(parseSnapshot(JSON.parse(JSON.stringify(raw)), 'x').unavailable).toEqual(snapshot.unavailable);
      // The other reads still happened.
      expect(snapshot.virtualNetworks?.length).toBeGreaterThan(0);
    } finally {
      await emu.stop();
    }
  });

  it('records a missing VNet as unavailable virtual networks and route tables', async () => {
    const fleet = demoFleet();
    const legacy = fleet.clusters.find((c: Json) => c.cluster.name === 'aks-legacy');
    const vnetIds = new Set(((legacy.cluster.properties.agentPoolProfiles ?? []) as Json[])
      .map((p) => String(p.vnetSubnetID ?? '').replace(/\/subnets\/.*$/i, '').toLowerCase()));
    for (const c of fleet.clusters) {
      c.virtualNetworks = (c.virtualNetworks ?? []).filter((v: Json) => !vnetIds.has(String(v.id).toLowerCase()));
    }
    const emu = await startEmulator({ fleet });
    try {
      const { snapshot } = await collectSnapshot(ref('aks-legacy'), { clients: clientsFor(emu), kubeRetry: noWait });
      expect(snapshot.virtualNetworks).toBeUndefined();
      expect(snapshot.routeTables).toBeUndefined();
      expect(snapshot.unavailable.map((u) => u.section).sort()).toEqual(['routeTables', 'virtualNetworks']);
      expect(snapshot.unavailable.find((u) => u.section === 'virtualNetworks')!.reason).toMatch(/404/);
      expect(snapshot.kubernetes?.nodes?.length).toBeGreaterThan(0);
    } finally {
      await emu.stop();
    }
  });

  it('honours 429 Retry-After: the read succeeds and the log shows the 429 then a later 200', async () => {
    const emu = await startEmulator({ faults: { throttle: { clusterGet: { size: 1, refillPerSecond: 1 } } } });
    try {
      const clients = clientsFor(emu);
      await collectSnapshot(ref('aks-overlay'), { clients, kubeRetry: noWait });
      const started = Date.now();
      const { snapshot } = await collectSnapshot(ref('aks-overlay'), { clients, kubeRetry: noWait });
      expect(snapshot.cluster.name).toBe('aks-overlay');
      const gets = emu.requests().filter((r) => r.method === 'GET' && /managedClusters\/aks-overlay$/i.test(r.path));
      const statuses = gets.map((g) => g.status);
      const first429 = statuses.indexOf(429);
      expect(first429).toBeGreaterThan(0);
      expect(statuses.slice(first429 + 1)).toContain(200);
      const t429 = Date.parse(gets[first429].time);
      const t200 = Date.parse(gets[first429 + 1 + statuses.slice(first429 + 1).indexOf(200)].time);
      // Retry-After is whole seconds: the retry came no earlier than it asked (less clock rounding).
      expect(t200 - t429).toBeGreaterThanOrEqual(900);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await emu.stop();
    }
  });

  it('write clients never retry: a 429 goes straight back to the caller', async () => {
    const emu = await startEmulator({ faults: { throttle: { clusterGet: { size: 1, refillPerSecond: 0.01 } } } });
    try {
      const clients = clientsFor(emu);
      const writer = clients.containerService(SUB, 'write');
      expect(writer).not.toBe(clients.containerService(SUB));
      expect(clients.containerService(SUB, 'write')).toBe(writer);
      await writer.managedClusters.get('rg-demo', 'aks-overlay');
      await expect(writer.managedClusters.get('rg-demo', 'aks-overlay')).rejects.toMatchObject({ statusCode: 429 });
      const statuses = emu.requests().filter((r) => /managedClusters\/aks-overlay$/i.test(r.path)).map((r) => r.status);
      expect(statuses).toEqual([200, 429]);
    } finally {
      await emu.stop();
    }
  });

  it('tells ambiguous from not found (same name in two resource groups)', async () => {
    const fleet = demoFleet();
    const legacy = fleet.clusters.find((c: Json) => c.cluster.name === 'aks-legacy');
    const copy = JSON.parse(JSON.stringify(legacy).replaceAll('/resourceGroups/rg-demo/providers/Microsoft.ContainerService', '/resourceGroups/rg-two/providers/Microsoft.ContainerService'));
    fleet.clusters = [legacy, copy, fleet.clusters.find((c: Json) => c.cluster.name === 'aks-overlay')];
    const emu = await startEmulator({ fleet });
    try {
      const dir = createClusterDirectory({ clients: clientsFor(emu), subscriptions: [SUB] });
      const amb = await dir.resolve({ name: 'aks-legacy' });
      expect(amb.kind).toBe('ambiguous');
      expect(amb.kind === 'ambiguous' && amb.candidates.map((c) => c.resourceGroup).sort()).toEqual(['rg-demo', 'rg-two']);
      expect(await dir.resolve({ name: 'aks-legacy', resourceGroup: 'rg-two' })).toEqual({ kind: 'found', ref: ref('aks-legacy', 'rg-two') });
      expect((await dir.resolve({ name: 'aks-kubenet' })).kind).toBe('not-found');
    } finally {
      await emu.stop();
    }
  });
});
