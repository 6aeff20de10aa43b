// The fleet scan inside ARM's read limits, measured at the emulator (its throttling is the real
// token bucket): a fleet of 50 clusters against a small subscription read bucket is throttled,
// every 429's Retry-After is waited out before the same request is sent again, every cluster is
// still read, each cluster and each VNet is read once, and at most `concurrency` clusters are read
// at a time.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_PATH, startEmulator, type EmulatorLogEntry } from '../../../emulator/index.ts';
import { createAzureClients, EmulatorTokenCredential } from '../../../services/azure/clients.ts';
import { createClusterDirectory } from '../../../services/azure/cluster-directory.ts';
import type { FleetReadiness } from '../../../services/planning/fleet-readiness.ts';
import { scanFleet } from '../../../services/planning/fleet-scan.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fleet JSON is edited freely in tests
const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const CONCURRENCY = 4;

describe('scanFleet against a throttled emulator', () => {
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let result: FleetReadiness;
  let log: EmulatorLogEntry[];
  const fleet: Json = JSON.parse(readFileSync(DEMO_FLEET_PATH, 'utf8'));
  let peak = 0;
  beforeAll(async () => {
    // 38 copies of aks-legacy in the same VNet (their pools use its subnets), 1 unfinished Cilium cluster: 51 clusters.
    const legacy = fleet.clusters.find((c: Json) => c.cluster.name === 'aks-legacy');
    for (let i = 0; i < 38; i += 1) {
      const copy: Json = JSON.parse(JSON.stringify(legacy));
      copy.cluster.name = `aks-legacy-${i}`;
      copy.cluster.id = legacy.cluster.id.replace(/aks-legacy$/, copy.cluster.name);
      copy.cluster.properties.nodeResourceGroup = `MC_rg-demo_${copy.cluster.name}_japaneast`;
      copy.virtualNetworks = [];
      copy.routeTables = [];
      fleet.clusters.push(copy);
    }
    // aks-cilium-unfinished: on Overlay + Cilium in ARM, but its nodes never got the Cilium label (a migration that did not finish)
    const cilium = fleet.clusters.find((c: Json) => c.cluster.name === 'aks-cilium');
    const unfinished: Json = JSON.parse(JSON.stringify(cilium).replaceAll('"kubernetes.azure.com/ebpf-dataplane":"cilium"', '"kubernetes.azure.com/ebpf-dataplane":"none"'));
    unfinished.cluster.name = 'aks-cilium-unfinished';
    unfinished.cluster.id = cilium.cluster.id.replace(/aks-cilium$/, 'aks-cilium-unfinished');
    unfinished.cluster.properties.nodeResourceGroup = 'MC_rg-demo_aks-cilium-unfinished_japaneast';
    fleet.clusters.push(unfinished);
    emu = await startEmulator({ fleet, faults: { throttle: { subscriptionReads: { size: 25, refillPerSecond: 5 } } } });
    const clients = createAzureClients({
      endpoint: emu.url, scope: `${emu.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emu.caPem,
    });
    const directory = createClusterDirectory({ clients, subscriptions: 'all' });
    let inFlight = 0;
    const wrapped = new WeakSet<object>();
    const seen = new Set<string>();
    const counted = {
      ...clients,
      containerService: (sub: string, purpose?: 'read' | 'write') => {
        const aks = clients.containerService(sub, purpose);
        if (wrapped.has(aks)) return aks;
        wrapped.add(aks);
        const get = aks.managedClusters.get.bind(aks.managedClusters);
        // Clusters in flight = cluster GETs started and not yet finished with their whole read
        // (the scan reads the cluster first): measured as GETs started minus progress callbacks.
        aks.managedClusters.get = async (...args: Parameters<typeof get>) => {
          if (seen.has(args[1])) return get(...args); // the same cluster read again within its turn
          seen.add(args[1]);
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          return get(...args);
        };
        return aks;
      },
    };
    result = await scanFleet({
      clients: counted, directory, subscriptions: [SUB], concurrency: CONCURRENCY, kubeRetry: { attempts: 1 },
      onProgress: () => { inFlight -= 1; },
    });
    log = emu.requests();
  }, 180_000);
  afterAll(async () => emu?.stop());

  const arm = (): EmulatorLogEntry[] => log.filter((r) => r.path.startsWith('/subscriptions/'));

  it('was throttled, and still read every cluster', () => {
    expect(arm().filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(result.unread.map((u) => u.reason)).toEqual([]);
    expect(result.clusters).toHaveLength(fleet.clusters.length);
  });

  it('sends a throttled request again only after its Retry-After (1 s at this refill rate)', () => {
    const reqs = arm();
    const throttled = reqs.map((r, i) => ({ r, i })).filter(({ r }) => r.status === 429);
    for (const { r, i } of throttled) {
      const again = reqs.slice(i + 1).find((x) => x.method === r.method && x.path === r.path);
      expect(again, `${r.method} ${r.path} was never sent again`).toBeDefined();
      expect(Date.parse(again!.time) - Date.parse(r.time), `${r.method} ${r.path}`).toBeGreaterThanOrEqual(950);
    }
  });

  it('reads each cluster once (an unfinished migration twice) and each VNet once (successful GETs)', () => {
    const ok = arm().filter((r) => r.method === 'GET' && r.status === 200).map((r) => r.path.toLowerCase());
    const clusterGets = ok.filter((p) => /\/managedclusters\/[^/]+$/.test(p));
    // once each; the unfinished Cilium cluster twice (its second read adds the Kubernetes lists the guards need)
    expect(clusterGets).toHaveLength(fleet.clusters.length + 1);
    expect(new Set(clusterGets).size).toBe(fleet.clusters.length);
    expect(clusterGets.filter((p) => p.endsWith('/aks-cilium-unfinished'))).toHaveLength(2);
    const vnetGets = ok.filter((p) => /\/virtualnetworks\/[^/]+$/.test(p));
    expect(new Set(vnetGets).size).toBe(vnetGets.length);
    expect(vnetGets.filter((p) => p.endsWith('/vnet-legacy'))).toHaveLength(1);
  });

  it('reads Kubernetes only where a check needs it: a cluster already on Overlay + Cilium, its nodes only', () => {
    const kube = (name: string) => log.filter((r) => r.path.startsWith('/k8s/') && r.path.toLowerCase().includes(`/${name}/`))
      .map((r) => r.path.replace(/^\/k8s\/[^/]+\/[^/]+\/[^/]+/, ''));
    expect(kube('aks-cilium')).toEqual(['/api/v1/nodes']);
    expect(result.clusters.find((c) => c.name === 'aks-cilium')?.targets).toMatchObject({ overlay: { verdict: 'not-needed' }, cilium: { verdict: 'not-needed' } });
    // one whose last migration did not finish: nodes first, then every list for the checks that guard finishing it
    expect(result.clusters.find((c) => c.name === 'aks-cilium-unfinished')?.targets.cilium.verdict).toMatch(/^(incomplete|blocked)$/);
    expect(new Set(kube('aks-cilium-unfinished')).size).toBe(4);
    // a cluster that may migrate: every list (nodes, ConfigMaps, NetworkPolicies, PodDisruptionBudgets)
    expect(new Set(kube('aks-legacy-0')).size).toBe(4);
  });

  it(`never reads more than ${CONCURRENCY} clusters at a time`, () => {
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(CONCURRENCY);
  });
});
