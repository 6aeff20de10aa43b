// The fleet scan with the real clients against the emulator: every cluster judged, one GET per
// unique VNet, bounded concurrency, and a cluster ARM refuses to read listed as unread.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_PATH, startEmulator } from '../../../emulator/index.ts';
import { createAzureClients, EmulatorTokenCredential } from '../../../services/azure/clients.ts';
import { createClusterDirectory } from '../../../services/azure/cluster-directory.ts';
import { loadFleetFile } from '../../../services/cluster/load.ts';
import { fleetReadiness, type FleetReadiness } from '../../../services/planning/fleet-readiness.ts';
import { mapBounded, scanFleet } from '../../../services/planning/fleet-scan.ts';
import { expectSpecVerdicts } from './spec-verdicts.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fleet JSON is edited freely in tests
type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const demoFleet = (): Json => JSON.parse(readFileSync(DEMO_FLEET_PATH, 'utf8'));

describe('fleetReadiness (pure, the demo fleet through the snapshot loader)', () => {
  it('matches the spec table; a node-subnet source is judged with the suggested pod CIDR and says so', async () => {
    const snapshots = await loadFleetFile(DEMO_FLEET_PATH);
    const fleet = fleetReadiness(snapshots);
    expect(fleet.unread).toEqual([]);
    expect(fleet.clusters.map((c) => c.name)).toEqual(snapshots.map((s) => s.cluster.name));
    expectSpecVerdicts(fleet.clusters);
    const legacy = fleet.clusters.find((c) => c.name === 'aks-legacy')!;
    expect(legacy.targets.overlay).toMatchObject({ verdict: 'ready', podCidrAssumed: true });
    expect(legacy.targets.overlay.suggestedPodCidr).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    expect(legacy).toMatchObject({ mode: 'node-subnet', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.30.7', resourceGroup: 'rg-demo', subscriptionId: SUB });
    // kubenet keeps its pod CIDR: nothing assumed
    expect(fleet.clusters.find((c) => c.name === 'aks-kubenet')!.targets.overlay).toMatchObject({ podCidrAssumed: false, suggestedPodCidr: null });
  });
});

describe('mapBounded', () => {
  it('never runs more than the limit at once and keeps the input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapBounded([...Array(10).keys()], 3, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((r) => setImmediate(r));
      inFlight -= 1;
      return n * 2;
    });
    expect(out).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(peak).toBe(3);
  });
});

describe('scanFleet against the emulator', () => {
  let emu: Emulator;
  let result: FleetReadiness;
  const progress: { done: number; total: number }[] = [];
  const fleet = demoFleet();
  beforeAll(async () => {
    // A second cluster in aks-legacy's VNet (its pools use the same subnets), and one that ARM refuses.
    const legacy = fleet.clusters.find((c: Json) => c.cluster.name === 'aks-legacy');
    const twin: Json = JSON.parse(JSON.stringify(legacy));
    twin.cluster.name = 'aks-legacy-twin';
    twin.cluster.id = legacy.cluster.id.replace(/aks-legacy$/, 'aks-legacy-twin');
    twin.cluster.properties.nodeResourceGroup = 'MC_rg-demo_aks-legacy-twin_japaneast';
    twin.virtualNetworks = [];
    twin.routeTables = [];
    fleet.clusters.push(twin);
    fleet.emulator = { faults: { clusterErrors: { 'aks-old': 500 } } };
    emu = await startEmulator({ fleet });
    const clients = createAzureClients({
      endpoint: emu.url, scope: `${emu.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emu.caPem,
      retry: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 5 },
    });
    const directory = createClusterDirectory({ clients, subscriptions: 'all' });
    result = await scanFleet({
      clients, directory, subscriptions: [SUB], concurrency: 4,
      kubeRetry: { attempts: 1 }, onProgress: (p) => progress.push(p),
    });
  }, 120_000);
  afterAll(async () => emu?.stop());

  it('judges every readable cluster as the spec says and lists the refused one as unread', () => {
    const names = fleet.clusters.map((c: Json) => c.cluster.name as string);
    expect(result.clusters.map((c) => c.name).sort()).toEqual(names.filter((n: string) => n !== 'aks-old').sort());
    expectSpecVerdicts(result.clusters);
    expect(result.unread).toEqual([{ id: `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-old`, reason: expect.stringContaining('aks-old') }]);
    expect(result.unread[0].reason).toMatch(/500/);
    expect(progress).toHaveLength(names.length);
    expect(progress.at(-1)).toEqual({ done: names.length, total: names.length });
  });

  it('reads each VNet once although two clusters use it', () => {
    const vnetGets = emu.requests().filter((r) => r.method === 'GET' && /\/virtualNetworks\/[^/]+$/i.test(r.path)).map((r) => r.path.toLowerCase());
    expect(vnetGets.filter((p) => p.endsWith('/vnet-legacy'))).toHaveLength(1);
    expect(new Set(vnetGets).size).toBe(vnetGets.length);
    const twin = result.clusters.find((c) => c.name === 'aks-legacy-twin')!;
    expect(twin.targets.overlay).toMatchObject({ verdict: 'ready', podCidrAssumed: true });
  });

  it('a subscription that cannot be listed is unread, the scan goes on', async () => {
    const clients = createAzureClients({ endpoint: emu.url, scope: `${emu.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emu.caPem, retry: { maxRetries: 0 } });
    const other = '00000000-0000-0000-0000-0000000000ff';
    const scan = await scanFleet({ clients, directory: createClusterDirectory({ clients, subscriptions: 'all' }), subscriptions: [other] });
    expect(scan.clusters).toEqual([]);
    expect(scan.unread.map((u) => u.id)).toEqual([`/subscriptions/${other}`]);
  });
});
