// Issue 3: "The plan for each demo cluster is accepted by the emulator's resource-provider
// validation, and every blocked case that the emulator would reject is one the preflight blocks."
// The emulator runs in-process over HTTPS; the real ContainerServiceClient PUTs each plan (GET,
// merge plan.networkProfile over networkProfile, beginCreateOrUpdate with If-Match). The preflight
// reads the same cluster live (collectSnapshot) and offline (parseFleet of the same fleet JSON).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FLEET_PATH, startEmulator } from '../../emulator/index.ts';
import { createAzureClients, EmulatorTokenCredential, type AzureClients } from '../../services/azure/clients.ts';
import type { ClusterRef } from '../../services/azure/cluster-directory.ts';
import { collectSnapshot } from '../../services/azure/collect-snapshot.ts';
import { parseFleet } from '../../services/cluster/load.ts';
import type { Target } from '../../services/cluster/types.ts';
import { runPreflight } from '../../services/preflight/run-preflight.ts';
import type { NetworkProfileChange, PreflightReport } from '../../services/preflight/types.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fleet JSON is edited freely in tests
type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const RG = 'rg-demo';
const noWait = { attempts: 2, baseDelayMs: 1 };
const demoFleet = (): Json => JSON.parse(readFileSync(DEMO_FLEET_PATH, 'utf8')) as Json;
const clientsFor = (e: Emulator): AzureClients =>
  createAzureClients({ endpoint: e.url, scope: `${e.url}/.default`, credential: new EmulatorTokenCredential(), caPem: e.caPem, retry: { maxRetries: 0 } });
const ref = (name: string): ClusterRef =>
  ({ subscriptionId: SUB, resourceGroup: RG, name, id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/${name}` });
const blockers = (r: PreflightReport): string[] => r.findings.filter((f) => f.severity === 'blocker').map((f) => f.check);

/** What the emulator answered to the plan's PUT. */
interface PutOutcome { status: number; code?: string; message?: string }

/** GET, merge the plan's networkProfile, PUT with If-Match through the write client (never retried). */
async function putPlan(clients: AzureClients, name: string, plan: NetworkProfileChange, wait: boolean): Promise<PutOutcome> {
  const cluster = await clients.containerService(SUB).managedClusters.get(RG, name);
  const body = { ...cluster, networkProfile: { ...cluster.networkProfile, ...plan } };
  try {
    const poller = await clients.containerService(SUB, 'write').managedClusters.beginCreateOrUpdate(RG, name, body, {
      ifMatch: cluster.eTag, updateIntervalInMs: 20,
    });
    if (wait) await poller.pollUntilDone();
    return { status: 200 };
  } catch (err) {
    const e = err as { statusCode?: number; code?: string; message?: string };
    return { status: e.statusCode ?? 0, code: e.code, message: e.message };
  }
}

/** The live preflight of one cluster of the emulator. */
async function livePreflight(clients: AzureClients, name: string, target: Target, podCidr?: string): Promise<PreflightReport> {
  const { snapshot } = await collectSnapshot(ref(name), { clients, kubeRetry: noWait });
  return runPreflight(snapshot, target, { podCidr });
}

describe('every READY demo plan is accepted by the RP emulation', () => {
  /** Demo cluster x target that the spec says is ready (aks-legacy overlay with 192.168.0.0/16). */
  const READY: { name: string; target: Target; podCidr?: string }[] = [
    { name: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16' },
    { name: 'aks-kubenet', target: 'overlay' },
    { name: 'aks-calico', target: 'cilium' },
    { name: 'aks-podsubnet', target: 'cilium' },
    { name: 'aks-ipmasq', target: 'cilium' },
    { name: 'aks-overlay', target: 'cilium' },
    { name: 'aks-pdb', target: 'overlay' },
    { name: 'aks-pdb', target: 'cilium' },
  ];
  // One emulator per target so each cluster receives exactly one PUT from its original state.
  const emulators: Partial<Record<Target, { emu: Emulator; clients: AzureClients }>> = {};
  beforeAll(async () => {
    for (const target of ['overlay', 'cilium'] as const) {
      const emu = await startEmulator({ port: 0, speed: 1000, fleet: demoFleet() });
      emulators[target] = { emu, clients: clientsFor(emu) };
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(emulators).map((e) => e?.emu.stop()));
  });

  for (const { name, target, podCidr } of READY) {
    it(`${name} -> ${target}${podCidr ? ` (pod CIDR ${podCidr})` : ''}: preflight ready, PUT accepted, change applied`, async () => {
      const { clients } = emulators[target]!;
      let report = await livePreflight(clients, name, target, podCidr);
      if (target === 'overlay' && !podCidr && report.cluster.mode === 'node-subnet') {
        // Node subnet without a pod CIDR: blocked only by overlay-pod-cidr-missing; its suggestion makes it ready.
        expect(blockers(report)).toEqual(['overlay-pod-cidr-missing']);
        expect(report.suggestedPodCidr).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
        report = await livePreflight(clients, name, target, report.suggestedPodCidr);
      }
      expect(report.verdict, JSON.stringify(report.findings.map((f) => [f.check, f.detail]))).toBe('ready');
      expect(report.plan).not.toBeNull();
      // Accepted = no 400. A PodDisruptionBudget that allows no eviction stalls the drain later (the
      // operation then fails), which the preflight announced as the pdb-blocks-drain warning.
      const drainStalls = report.findings.some((f) => f.check === 'pdb-blocks-drain');
      expect(drainStalls).toBe(name === 'aks-pdb');
      const outcome = await putPlan(clients, name, report.plan!.networkProfile, !drainStalls);
      expect(outcome, outcome.message).toEqual({ status: 200 });
      const put = emulators[target]!.emu.requests().filter((r) => r.method === 'PUT').pop();
      expect(put?.path.toLowerCase()).toContain(`/managedclusters/${name}`);
      expect([200, 201]).toContain(put?.status);
      if (drainStalls) return;
      const after = await clients.containerService(SUB).managedClusters.get(RG, name);
      for (const [key, value] of Object.entries(report.plan!.networkProfile)) {
        expect((after.networkProfile as Record<string, unknown>)[key], key).toEqual(value);
      }
      expect(after.provisioningState).toBe('Succeeded');
    });
  }
});

/** One crafted cluster: a demo cluster with one change, and what both sides must say. */
interface Crafted {
  name: string;
  from: string;
  target: Target;
  podCidr?: string;
  edit?: (c: Json) => void;
  /** Status (and ARM error code) the emulator answers to the plan's PUT. */
  rp: { status: number; code?: string };
  /** The blocker the preflight must report. */
  blocker: string;
}

const props = (c: Json): Json => c.cluster.properties;
const pools = (c: Json): Json[] => props(c).agentPoolProfiles;
const items = (list: Json | Json[]): Json[] => (Array.isArray(list) ? list : list.items);
const kubeSystemCm = (name: string, labels: Record<string, string>, data: Record<string, string>): Json =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'kube-system', labels }, data });

const CRAFTED: Crafted[] = [
  {
    name: 'x-calico-overlay', from: 'aks-calico', target: 'overlay', podCidr: '192.168.0.0/16',
    edit: (c) => { props(c).kubernetesVersion = '1.30.7'; props(c).currentKubernetesVersion = '1.30.7'; },
    rp: { status: 400, code: 'BadRequest' }, blocker: 'overlay-network-policy',
  },
  {
    name: 'x-kubenet-no-uami', from: 'aks-kubenet', target: 'overlay',
    edit: (c) => { c.cluster.identity = { type: 'SystemAssigned', principalId: '11111111-2222-3333-4444-555555555555', tenantId: '3c0e4a1b-6d2f-4e8a-9b7c-5d1f2e3a4b6c' }; },
    rp: { status: 400, code: 'BadRequest' }, blocker: 'overlay-kubenet-identity',
  },
  { name: 'x-reserved-172-30', from: 'aks-legacy', target: 'overlay', podCidr: '172.30.0.0/16', rp: { status: 400, code: 'ReservedPodCidr' }, blocker: 'overlay-pod-cidr-reserved' },
  {
    name: 'x-kubenet-kept-reserved', from: 'aks-kubenet', target: 'overlay',
    edit: (c) => { Object.assign(props(c).networkProfile, { podCidr: '172.31.0.0/16', podCidrs: ['172.31.0.0/16'] }); },
    rp: { status: 400, code: 'ReservedPodCidr' }, blocker: 'overlay-pod-cidr-reserved',
  },
  {
    name: 'x-ipmasq-label', from: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16',
    edit: (c) => { items(c.kubernetes.configMaps).push(kubeSystemCm('nat-exceptions', { component: 'ip-masq-agent' }, { config: 'nonMasqueradeCIDRs:\n  - 10.0.0.0/8\n' })); },
    rp: { status: 400, code: 'CustomIPMasqAgentConfigNotSupported' }, blocker: 'overlay-ip-masq-agent-config',
  },
  {
    name: 'x-ipmasq-name', from: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16',
    edit: (c) => { items(c.kubernetes.configMaps).push(kubeSystemCm('my-ip-masq-settings', {}, { 'ip-masq-agent': '{"NonMasqueradeCIDRs":["10.0.0.0/8"]}' })); },
    rp: { status: 400, code: 'CustomIPMasqAgentConfigNotSupported' }, blocker: 'overlay-ip-masq-agent-config',
  },
  { name: 'x-podsubnet-overlay', from: 'aks-podsubnet', target: 'overlay', podCidr: '192.168.0.0/16', rp: { status: 400, code: 'OperationNotAllowed' }, blocker: 'overlay-source-mode' },
  {
    name: 'x-k8s-126', from: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16',
    edit: (c) => {
      props(c).kubernetesVersion = '1.26.6';
      props(c).currentKubernetesVersion = '1.26.6';
      for (const p of pools(c)) Object.assign(p, { orchestratorVersion: '1.26.6', currentOrchestratorVersion: '1.26.6' });
    },
    rp: { status: 400, code: 'KubernetesVersionNotSupported' }, blocker: 'overlay-kubernetes-version',
  },
  {
    name: 'x-k8s-126-desired-only', from: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16',
    edit: (c) => { props(c).kubernetesVersion = '1.26.6'; delete props(c).currentKubernetesVersion; },
    rp: { status: 400, code: 'KubernetesVersionNotSupported' }, blocker: 'overlay-kubernetes-version',
  },
  {
    name: 'x-windows-cilium', from: 'aks-overlay', target: 'cilium',
    edit: (c) => {
      pools(c).push({ ...pools(c)[1], name: 'win', osType: 'Windows', osSKU: 'Windows2022', nodeImageVersion: 'AKSWindows-2022-containerd-20348.3207.250214', count: 1, mode: 'User' });
      delete c.kubernetes.nodes;
    },
    rp: { status: 400, code: 'OperationNotAllowed' }, blocker: 'cilium-windows-pools',
  },
  { name: 'x-kubenet-cilium', from: 'aks-kubenet', target: 'cilium', rp: { status: 400, code: 'OperationNotAllowed' }, blocker: 'cilium-source-mode' },
  {
    name: 'x-availability-set', from: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16',
    edit: (c) => { pools(c)[1].type = 'AvailabilitySet'; },
    rp: { status: 400, code: 'OperationNotAllowed' }, blocker: 'overlay-unsupported-pool',
  },
  {
    name: 'x-windows-docker', from: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16',
    edit: (c) => {
      Object.assign(pools(c)[2], { osSKU: 'Windows2019', nodeImageVersion: 'AKSWindows-2019-17763.2114.210811' });
      delete c.kubernetes.nodes; // the emulator synthesises the pool's nodes (docker:// for this image)
    },
    rp: { status: 400, code: 'OperationNotAllowed' }, blocker: 'overlay-windows-docker',
  },
  {
    name: 'x-windows-docker-image-case', from: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16',
    edit: (c) => {
      Object.assign(pools(c)[2], { osSKU: 'Windows2019', nodeImageVersion: 'akswindows-2019-17763.2114.210811' });
      // Only the Linux nodes are listed: the Windows pool's image decides.
      c.kubernetes.nodes.items = items(c.kubernetes.nodes).filter((n) => !String(n.metadata.labels?.agentpool ?? '').startsWith('win'));
    },
    rp: { status: 400, code: 'OperationNotAllowed' }, blocker: 'overlay-windows-docker',
  },
  {
    name: 'x-nap-auto', from: 'aks-overlay', target: 'cilium',
    edit: (c) => { props(c).nodeProvisioningProfile = { mode: 'Auto' }; },
    rp: { status: 400, code: 'OperationNotAllowed' }, blocker: 'cilium-node-auto-provisioning',
  },
  {
    name: 'x-byo-overlay', from: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16',
    edit: (c) => { props(c).networkProfile.networkPlugin = 'none'; },
    rp: { status: 400, code: 'OperationNotAllowed' }, blocker: 'overlay-source-mode',
  },
  {
    name: 'x-byo-cilium', from: 'aks-ipmasq', target: 'cilium',
    edit: (c) => { props(c).networkProfile.networkPlugin = 'none'; },
    rp: { status: 400, code: 'OperationNotAllowed' }, blocker: 'cilium-source-mode',
  },
  { name: 'x-overlap-vnet', from: 'aks-legacy', target: 'overlay', podCidr: '10.244.0.0/16', rp: { status: 400, code: 'PodCidrOverlapsWithVnet' }, blocker: 'overlay-pod-cidr-overlap' },
  {
    name: 'x-overlap-peering', from: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16',
    edit: (c) => {
      const v = c.virtualNetworks[0].properties;
      v.virtualNetworkPeerings = [{
        name: 'to-hub', id: `${c.virtualNetworks[0].id}/virtualNetworkPeerings/to-hub`,
        properties: { peeringState: 'Disconnected', remoteVirtualNetwork: { id: `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub` }, remoteAddressSpace: { addressPrefixes: ['192.168.0.0/16'] } },
      }];
    },
    rp: { status: 400, code: 'PodCidrOverlapsWithVnet' }, blocker: 'overlay-pod-cidr-overlap',
  },
  { name: 'x-overlap-service', from: 'aks-legacy', target: 'overlay', podCidr: '172.16.0.0/16', rp: { status: 400, code: 'ServiceCidrOverlapExistingPodCidr' }, blocker: 'overlay-pod-cidr-overlap' },
  {
    name: 'x-kubenet-kept-overlaps-vnet', from: 'aks-kubenet', target: 'overlay',
    edit: (c) => { Object.assign(props(c).networkProfile, { podCidr: '10.230.0.0/16', podCidrs: ['10.230.0.0/16'] }); },
    rp: { status: 400, code: 'PodCidrOverlapsWithVnet' }, blocker: 'overlay-pod-cidr-overlap',
  },
  { name: 'x-host-bits', from: 'aks-legacy', target: 'overlay', podCidr: '192.168.1.0/16', rp: { status: 400, code: 'InvalidParameter' }, blocker: 'overlay-pod-cidr-invalid' },
  { name: 'x-slash-25', from: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/25', rp: { status: 400, code: 'InvalidParameter' }, blocker: 'overlay-pod-cidr-invalid' },
  // Not a 400 but a refusal all the same: the RP answers 409 while an operation runs.
  { name: 'x-busy', from: 'aks-busy', target: 'cilium', rp: { status: 409, code: 'OperationNotAllowed' }, blocker: 'cluster-provisioning-state' },
];

/** The crafted fleet: each case is a renamed copy of its demo cluster with its one change. */
function craftedFleet(): Json {
  const demo = demoFleet();
  const clusters = CRAFTED.map((c) => {
    const source = demo.clusters.find((x: Json) => x.cluster.name === c.from);
    if (!source) throw new Error(`no demo cluster ${c.from}`);
    const copy = structuredClone(source) as Json;
    copy.cluster.id = String(copy.cluster.id).replace(/\/managedClusters\/[^/]+$/i, `/managedClusters/${c.name}`);
    copy.cluster.name = c.name;
    c.edit?.(copy);
    // VNets are resources of their own in the emulator (one per id): give each case its own copy.
    let text = JSON.stringify(copy);
    for (const v of (copy.virtualNetworks ?? []) as Json[]) {
      const vnetName = String(v.id).split('/').pop()!;
      text = text.replace(new RegExp(`/virtualNetworks/${vnetName}(?=["/])`, 'g'), `/virtualNetworks/${vnetName}-${c.name}`);
    }
    const renamed = JSON.parse(text) as Json;
    for (const v of (renamed.virtualNetworks ?? []) as Json[]) v.name = String(v.id).split('/').pop();
    return renamed;
  });
  return { clusters };
}

describe('every crafted cluster the RP emulation rejects is one the preflight blocks', () => {
  let emu: Emulator;
  let clients: AzureClients;
  const fleet = craftedFleet();
  const offline = parseFleet(structuredClone(fleet), 'crafted-fleet.json');
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, speed: 1000, fleet: structuredClone(fleet) });
    clients = clientsFor(emu);
  });
  afterAll(async () => emu?.stop());

  it('the crafted fleet is distinct clusters, one per case', () => {
    expect(new Set(CRAFTED.map((c) => c.name)).size).toBe(CRAFTED.length);
    expect(offline.map((s) => s.cluster.name)).toEqual(CRAFTED.map((c) => c.name));
  });

  for (const c of CRAFTED) {
    it(`${c.name} (${c.from} -> ${c.target}${c.podCidr ? `, pod CIDR ${c.podCidr}` : ''}): RP ${c.rp.status} ${c.rp.code ?? ''}, preflight blocked by ${c.blocker}`, async () => {
      // The preflight, live through the real readers and offline from the same fleet JSON.
      const live = await livePreflight(clients, c.name, c.target, c.podCidr);
      const file = runPreflight(offline.find((s) => s.cluster.name === c.name)!, c.target, { podCidr: c.podCidr });
      for (const report of [live, file]) {
        expect(report.verdict, `${report.cluster.name}: ${JSON.stringify(report.findings.map((f) => [f.check, f.severity]))}`).toBe('blocked');
        expect(blockers(report)).toContain(c.blocker);
      }
      expect(blockers(file)).toEqual(blockers(live));
      // The emulator's resource-provider validation, given the plan the preflight would send.
      expect(live.plan).not.toBeNull();
      const before = emu.requests().filter((r) => r.method === 'PUT').length;
      const outcome = await putPlan(clients, c.name, live.plan!.networkProfile, false);
      expect(outcome.status, outcome.message).toBe(c.rp.status);
      if (c.rp.code) expect(outcome.code, outcome.message).toBe(c.rp.code);
      const puts = emu.requests().filter((r) => r.method === 'PUT');
      expect(puts.length).toBe(before + 1);
      expect(puts[puts.length - 1].status).toBe(c.rp.status);
    });
  }
});
