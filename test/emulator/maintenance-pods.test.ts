// Maintenance configurations through @azure/arm-containerservice and pods through
// @kubernetes/client-node, against the emulator: real shapes, fleet validation, and pods that follow
// a reimage (cilium replaces kube-proxy; a pod marked after-reimage crash-loops on its reimaged node).
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetFileError, parseFleet, startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { aksClient, kubeConfigFor, withNetwork } from './helpers.ts';

const ID = '/subscriptions/6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters';

async function listPods(emu: RunningEmulator, name: string, namespace?: string): Promise<k8s.V1Pod[]> {
  const core = (await kubeConfigFor(emu, name)).makeApiClient(k8s.CoreV1Api);
  const list = namespace ? await core.listNamespacedPod({ namespace }) : await core.listPodForAllNamespaces();
  return list.items;
}

const names = (pods: k8s.V1Pod[], prefix: string) => pods.filter((p) => p.metadata?.name?.startsWith(prefix));

describe('maintenance configurations (real SDK)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => { emu = await startEmulator(); });
  afterAll(async () => { await emu.stop(); });

  it('lists the configurations of a cluster with their window, offset and not-allowed dates', async () => {
    const configs = [];
    for await (const c of aksClient(emu).maintenanceConfigurations.listByManagedCluster('rg-demo', 'aks-legacy')) configs.push(c);
    expect(configs.map((c) => c.name)).toEqual(['aksManagedNodeOSUpgradeSchedule']);
    const w = configs[0].maintenanceWindow!;
    expect(configs[0].id).toBe(`${ID}/aks-legacy/maintenanceConfigurations/aksManagedNodeOSUpgradeSchedule`);
    expect(configs[0].type).toBe('Microsoft.ContainerService/managedClusters/maintenanceConfigurations');
    expect(w.schedule.weekly).toEqual({ intervalWeeks: 1, dayOfWeek: 'Saturday' });
    expect([w.startTime, w.utcOffset, w.durationHours]).toEqual(['22:00', '+09:00', 6]);
    expect(w.notAllowedDates?.map((d) => [d.start.toISOString().slice(0, 10), d.end.toISOString().slice(0, 10)])).toEqual([['2026-12-26', '2027-01-03']]);
  });

  it('gets one configuration by name (case-insensitively) and answers 404 for an unknown one', async () => {
    const aks = aksClient(emu);
    const daily = await aks.maintenanceConfigurations.get('rg-demo', 'aks-kubenet', 'aksmanagednodeosupgradeschedule');
    expect(daily.maintenanceWindow?.schedule.daily).toEqual({ intervalDays: 1 });
    const def = await aks.maintenanceConfigurations.get('rg-demo', 'aks-kubenet', 'default');
    expect(def.timeInWeek).toEqual([{ day: 'Sunday', hourSlots: [1, 2, 3] }]);
    await expect(aks.maintenanceConfigurations.get('rg-demo', 'aks-kubenet', 'aksManagedAutoUpgradeSchedule')).rejects.toMatchObject({ statusCode: 404 });
    await expect(aks.maintenanceConfigurations.get('rg-demo', 'aks-nope', 'default')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('lists none for a cluster without configurations', async () => {
    const configs = [];
    for await (const c of aksClient(emu).maintenanceConfigurations.listByManagedCluster('rg-demo', 'aks-cilium')) configs.push(c);
    expect(configs).toEqual([]);
  });
});

describe('fleet validation of maintenance configurations and pods', () => {
  const fleet = (extra: Record<string, unknown>, kube: Record<string, unknown> = {}) => ({
    clusters: [{
      cluster: { id: `${ID}/x`, location: 'japaneast', properties: { networkProfile: { networkPlugin: 'azure' }, agentPoolProfiles: [{ name: 'p', count: 1 }] } },
      kubernetes: kube,
      ...extra,
    }],
  });
  const window = { schedule: { weekly: { intervalWeeks: 1, dayOfWeek: 'Monday' } }, durationHours: 4, startTime: '01:00', utcOffset: '+00:00' };

  it.each([
    ['an unknown name', [{ name: 'nightly', maintenanceWindow: window }], 'maintenanceConfigurations[0].name'],
    ['two schedules', [{ name: 'default', maintenanceWindow: { ...window, schedule: { daily: { intervalDays: 1 }, weekly: { intervalWeeks: 1, dayOfWeek: 'Monday' } } } }], 'maintenanceWindow.schedule'],
    ['a short window', [{ name: 'default', maintenanceWindow: { ...window, durationHours: 2 } }], 'durationHours'],
    ['a bad offset', [{ name: 'default', maintenanceWindow: { ...window, utcOffset: '9:00' } }], 'utcOffset'],
    ['a bad start time', [{ name: 'default', maintenanceWindow: { ...window, startTime: '25:00' } }], 'startTime'],
    ['a bad not-allowed date', [{ name: 'default', maintenanceWindow: { ...window, notAllowedDates: [{ start: '2026/12/24', end: '2026-12-26' }] } }], 'notAllowedDates[0].start'],
    ['no window at all', [{ name: 'default' }], 'maintenanceConfigurations[0]'],
    ['a duplicate name', [{ name: 'default', maintenanceWindow: window }, { name: 'Default', maintenanceWindow: window }], 'maintenanceConfigurations'],
  ])('refuses %s, naming the field', (_what, configs, path) => {
    expect(() => parseFleet(fleet({ maintenanceConfigurations: configs }), 'f.json')).toThrow(FleetFileError);
    expect(() => parseFleet(fleet({ maintenanceConfigurations: configs }), 'f.json')).toThrow(path);
  });

  it('refuses an unknown after-reimage failure', () => {
    const pods = [{ metadata: { name: 'a', annotations: { 'emulator.netpilot.io/after-reimage': 'Exploded' } } }];
    expect(() => parseFleet(fleet({}, { pods }), 'f.json')).toThrow(/clusters\[0\]\.kubernetes\.pods\[0\]\.metadata\.annotations.*CrashLoopBackOff/);
  });

  it('accepts the flattened SDK spelling', () => {
    const parsed = parseFleet(fleet({ maintenanceConfigurations: [{ name: 'default', maintenanceWindow: window }] }), 'f.json');
    expect(parsed.clusters[0].maintenanceConfigurations[0]).toMatchObject({ name: 'default', properties: { maintenanceWindow: window } });
  });
});

describe('pods (real Kubernetes client)', () => {
  let emu: RunningEmulator;
  beforeAll(async () => { emu = await startEmulator({ speed: 2000 }); });
  afterAll(async () => { await emu.stop(); });

  it('serves the AKS system pods per node and the fleet pods, Running and ready', async () => {
    const pods = await listPods(emu, 'aks-overlay');
    const system = await listPods(emu, 'aks-overlay', 'kube-system');
    expect(names(system, 'azure-cns-')).toHaveLength(4);
    expect(names(system, 'kube-proxy-')).toHaveLength(4);
    expect(names(system, 'cilium-')).toHaveLength(0);
    expect(names(system, 'coredns-')).toHaveLength(2);
    expect(pods.find((p) => p.metadata?.name === 'web-frontend-8b7c6d5f4-p3l9m')).toMatchObject({ metadata: { namespace: 'shop' }, status: { phase: 'Running' } });
    for (const p of pods) {
      expect(p.status?.phase).toBe('Running');
      expect(p.status?.containerStatuses?.every((c) => c.ready)).toBe(true);
      expect(p.spec?.nodeName).toMatch(/^aks-/);
    }
    const cilium = await listPods(emu, 'aks-cilium', 'kube-system');
    expect(names(cilium, 'cilium-')).toHaveLength(3);
    expect(names(cilium, 'kube-proxy-')).toHaveLength(0);
    // kubenet nodes run no Azure CNI, so no CNS.
    expect(names(await listPods(emu, 'aks-kubenet', 'kube-system'), 'azure-cns-')).toHaveLength(0);
  });

  it('after a Cilium migration: cilium replaces kube-proxy, and the marked pod crash-loops', async () => {
    const aks = aksClient(emu);
    const before = await listPods(emu, 'aks-calico');
    expect(before.find((p) => p.metadata?.name?.startsWith('payments-api'))?.status?.containerStatuses?.[0].ready).toBe(true);
    const c = await aks.managedClusters.get('rg-demo', 'aks-calico');
    await aks.managedClusters.beginCreateOrUpdateAndWait('rg-demo', 'aks-calico',
      withNetwork(c, { networkDataplane: 'cilium', networkPolicy: 'cilium' }), { ifMatch: c.eTag, updateIntervalInMs: 20 });
    const after = await listPods(emu, 'aks-calico');
    expect(names(after, 'cilium-')).toHaveLength(5);
    expect(names(after, 'kube-proxy-')).toHaveLength(0);
    const payments = after.find((p) => p.metadata?.name?.startsWith('payments-api'))!;
    expect(payments.status?.phase).toBe('Running');
    expect(payments.status?.containerStatuses?.[0]).toMatchObject({ ready: false, restartCount: 6, state: { waiting: { reason: 'CrashLoopBackOff' } } });
    expect(after.find((p) => p.metadata?.name?.startsWith('web-frontend'))?.status?.containerStatuses?.[0].ready).toBe(true);
  });

  it('answers 403 for a cluster whose fleet entry gives no pods', async () => {
    const fleet = { clusters: [{ cluster: { id: `${ID}/bare`, location: 'japaneast', properties: { networkProfile: { networkPlugin: 'azure' }, agentPoolProfiles: [{ name: 'p', count: 1 }] } }, kubernetes: { configMaps: [] } }] };
    const own = await startEmulator({ fleet });
    try {
      await expect(listPods(own, 'bare')).rejects.toMatchObject({ code: 403 });
    } finally {
      await own.stop();
    }
  });
});
