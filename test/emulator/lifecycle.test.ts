// What AKS really does around an update (spec §8): VMSS surge nodes during the reimage, operation
// status URLs that expire, a PUT whose response is lost, and the RP's podCidrs rule. Injected clock.
import * as k8s from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, TIMINGS, type RunningEmulator } from '../../emulator/index.ts';
import { surgeOf } from '../../emulator/reimage.ts';
import { aksClient, ARM_AUTH, kubeConfigFor, manualClock, raw, withNetwork } from './helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(o: Parameters<typeof startEmulator>[0]): Promise<RunningEmulator> {
  const emu = await startEmulator(o);
  cleanups.push(() => emu.stop());
  return emu;
}

const T0 = Date.parse('2026-03-01T10:00:00Z');
const overlayLabelled = (n: k8s.V1Node) => n.metadata?.labels?.['kubernetes.azure.com/podnetwork-type'] === 'overlay';
const ready = (n: k8s.V1Node) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';

async function nodes(emu: RunningEmulator, name = 'aks-legacy'): Promise<k8s.V1Node[]> {
  return (await (await kubeConfigFor(emu, name)).makeApiClient(k8s.CoreV1Api).listNode()).items;
}

/** Starts an update and returns its Azure-AsyncOperation path. */
async function beginUpdate(emu: RunningEmulator, name: string, patch: Record<string, string>): Promise<string> {
  const client = aksClient(emu);
  const before = await client.managedClusters.get('rg-demo', name);
  let asyncUrl = '';
  await client.managedClusters.beginCreateOrUpdate('rg-demo', name, withNetwork(before, patch), {
    ifMatch: before.eTag, onResponse: (r) => { asyncUrl = r.headers.get('azure-asyncoperation') ?? asyncUrl; },
  });
  return asyncUrl.slice(emu.url.length);
}

describe('surge nodes during the reimage', () => {
  it('counts a percentage up, a number as given, 10% by default, at least 1', () => {
    expect(surgeOf({ count: 3, upgradeSettings: { maxSurge: '33%' } })).toBe(1);
    expect(surgeOf({ count: 10, upgradeSettings: { maxSurge: '33%' } })).toBe(4);
    expect(surgeOf({ count: 5, upgradeSettings: { maxSurge: '2' } })).toBe(2);
    expect(surgeOf({ count: 30 })).toBe(3);
    expect(surgeOf({ count: 1, upgradeSettings: { maxSurge: '10%' } })).toBe(1);
  });

  it('brings up surge nodes per pool with the target labels from the start and removes each when its pool is done', async () => {
    const clock = manualClock(T0);
    const emu = await start({ clock, speed: 1 });
    const original = await nodes(emu);
    const pools = await aksClient(emu).managedClusters.get('rg-demo', 'aks-legacy').then((c) => c.agentPoolProfiles!);
    const expectedSurge = pools.map((p) => Math.min(surgeOf({ count: p.count, upgradeSettings: p.upgradeSettings }), p.count!));
    expect(expectedSurge).toEqual([1, 1, 1]);
    await beginUpdate(emu, 'aks-legacy', { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' });
    const t = TIMINGS.overlay;

    clock.set(T0 + t.setup + 1);
    const mid = await nodes(emu);
    const names = new Set(original.map((n) => n.metadata!.name));
    const surge = mid.filter((n) => !names.has(n.metadata!.name));
    expect(mid).toHaveLength(original.length + 3);
    expect(surge.map((n) => n.metadata!.labels!['kubernetes.azure.com/agentpool']).sort()).toEqual(['apps', 'system', 'win22']);
    for (const n of surge) {
      expect(overlayLabelled(n), n.metadata!.name).toBe(true);
      expect(ready(n)).toBe(true);
      expect(n.spec?.unschedulable).toBeFalsy();
      expect(n.metadata!.labels!['kubernetes.io/hostname']).toBe(n.metadata!.name);
    }
    // Named as the next VMSS instance of the pool.
    const system = surge.find((n) => n.metadata!.labels!.agentpool === 'system')!.metadata!.name!;
    expect(system).toMatch(/^aks-system-\d{8}-vmss000003$/);
    // The old nodes are not done yet: surge nodes alone would make a pool look finished.
    expect(mid.filter((n) => names.has(n.metadata!.name!)).every(overlayLabelled)).toBe(false);

    // win22 (2 nodes, one at a time) finishes first: its surge node leaves, the others stay.
    const batch = t.drain + t.reimage + t.rejoin;
    clock.set(T0 + t.setup + 2 * batch + 1);
    const later = await nodes(emu);
    expect(later).toHaveLength(original.length + 2);
    expect(later.filter((n) => !names.has(n.metadata!.name!)).map((n) => n.metadata!.labels!.agentpool).sort()).toEqual(['apps', 'system']);

    clock.set(T0 + t.setup + 3 * batch + t.finish + 1);
    const end = await nodes(emu);
    expect(end.map((n) => n.metadata!.name).sort()).toEqual([...names].sort());
    expect(end.every((n) => overlayLabelled(n) && ready(n))).toBe(true);
    expect((await aksClient(emu).managedClusters.get('rg-demo', 'aks-legacy')).provisioningState).toBe('Succeeded');
  });

  it('removes the surge nodes when a PDB fails the pool', async () => {
    const clock = manualClock(T0);
    const emu = await start({ clock, speed: 1 });
    const before = (await nodes(emu, 'aks-pdb')).length;
    await beginUpdate(emu, 'aks-pdb', { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' });
    clock.set(T0 + TIMINGS.overlay.setup + 1);
    expect((await nodes(emu, 'aks-pdb')).length).toBeGreaterThan(before);
    clock.set(T0 + 24 * 3_600_000);
    expect((await aksClient(emu).managedClusters.get('rg-demo', 'aks-pdb')).provisioningState).toBe('Failed');
    expect(await nodes(emu, 'aks-pdb')).toHaveLength(before);
  });
});

describe('operation status retention', () => {
  it('answers 404 once a finished operation is older than the retention (default 1 hour emulated, divided by speed)', async () => {
    const clock = manualClock(T0);
    const emu = await start({ clock, speed: 10 });
    const status = await beginUpdate(emu, 'aks-overlay', { networkDataplane: 'cilium', networkPolicy: 'cilium' });
    expect((await raw(emu, 'GET', status, ARM_AUTH)).json).toMatchObject({ status: 'InProgress' });
    clock.advance(3_600_000 / 10);
    const done = await raw(emu, 'GET', status, ARM_AUTH);
    expect(done).toMatchObject({ status: 200, json: { status: 'Succeeded' } });
    const endTime = Date.parse((done.json as { endTime: string }).endTime);
    clock.set(endTime + 3_600_000 / 10 - 1);
    expect((await raw(emu, 'GET', status, ARM_AUTH)).status).toBe(200);
    clock.set(endTime + 3_600_000 / 10 + 1);
    const gone = await raw(emu, 'GET', status, ARM_AUTH);
    expect(gone).toMatchObject({ status: 404, json: { error: { code: 'NotFound' } } });
  });

  it('takes a configured retention; a running operation never expires', async () => {
    const clock = manualClock(T0);
    const emu = await start({ clock, speed: 1, operationRetentionMs: 60_000 });
    const status = await beginUpdate(emu, 'aks-overlay', { networkDataplane: 'cilium', networkPolicy: 'cilium' });
    clock.advance(5 * 60_000);
    expect((await raw(emu, 'GET', status, ARM_AUTH)).json).toMatchObject({ status: 'InProgress' });
    clock.advance(3_600_000);
    expect((await raw(emu, 'GET', status, ARM_AUTH)).status).toBe(404);
  });
});

describe('a dropped PUT response (fault dropAcceptedPutRate)', () => {
  it('applies the update and runs the operation, but the client gets no answer', async () => {
    const emu = await start({ speed: 1000, faults: { dropAcceptedPutRate: 1 } });
    const client = aksClient(emu);
    const before = await client.managedClusters.get('rg-demo', 'aks-legacy');
    const err = await client.managedClusters.beginCreateOrUpdate('rg-demo', 'aks-legacy',
      withNetwork(before, { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' }), { ifMatch: before.eTag })
      .then(() => undefined, (e: unknown) => e as { statusCode?: number; code?: string });
    expect(err).toBeDefined();
    expect(err?.statusCode).toBeUndefined();
    const entry = emu.requests().filter((r) => r.method === 'PUT').pop();
    expect(entry).toMatchObject({ status: 200, dropped: true });
    const after = await client.managedClusters.get('rg-demo', 'aks-legacy');
    expect(after.networkProfile?.networkPluginMode).toBe('overlay');
    expect(after.eTag).not.toBe(before.eTag);
    await expect.poll(async () => (await client.managedClusters.get('rg-demo', 'aks-legacy')).provisioningState, { timeout: 10_000, interval: 50 })
      .toBe('Succeeded');
    // A refused PUT is answered as usual.
    const stale = await client.managedClusters.beginCreateOrUpdate('rg-demo', 'aks-legacy', after, { ifMatch: 'stale' }).then(() => 0, (e: { statusCode?: number }) => e.statusCode);
    expect(stale).toBe(412);
  });
});

describe('the RP podCidrs rule', () => {
  it('refuses podCidrs whose IPv4 entry differs from podCidr; accepts a match (IPv6 kept) or podCidr alone', async () => {
    const emu = await start({ speed: 1000 });
    const client = aksClient(emu);
    const kubenet = await client.managedClusters.get('rg-demo', 'aks-kubenet');
    expect(kubenet.networkProfile?.podCidrs).toEqual(['10.244.0.0/16']);
    const mismatch = { ...kubenet, networkProfile: { ...kubenet.networkProfile, networkPlugin: 'azure', networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' } };
    const refused = await client.managedClusters.beginCreateOrUpdate('rg-demo', 'aks-kubenet', mismatch, { ifMatch: kubenet.eTag })
      .then(() => undefined, (e: unknown) => e as { statusCode?: number; code?: string; message?: string });
    expect(refused).toMatchObject({ statusCode: 400, code: 'InvalidParameter' });
    expect(refused?.message).toContain('10.244.0.0/16');
    expect(refused?.message).toContain('192.168.0.0/16');
    const two = { ...mismatch, networkProfile: { ...mismatch.networkProfile, podCidrs: ['192.168.0.0/16', '10.244.0.0/16'] } };
    await expect(client.managedClusters.beginCreateOrUpdate('rg-demo', 'aks-kubenet', two, { ifMatch: kubenet.eTag })).rejects.toMatchObject({ statusCode: 400 });

    const matched = { ...mismatch, networkProfile: { ...mismatch.networkProfile, podCidrs: ['192.168.0.0/16', 'fd00:10::/64'] } };
    const result = await client.managedClusters.beginCreateOrUpdateAndWait('rg-demo', 'aks-kubenet', matched, { ifMatch: kubenet.eTag, updateIntervalInMs: 20 });
    expect(result.networkProfile).toMatchObject({ podCidr: '192.168.0.0/16', podCidrs: ['192.168.0.0/16', 'fd00:10::/64'] });

    const legacy = await client.managedClusters.get('rg-demo', 'aks-legacy');
    const alone = await client.managedClusters.beginCreateOrUpdateAndWait('rg-demo', 'aks-legacy',
      withNetwork(legacy, { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' }), { ifMatch: legacy.eTag, updateIntervalInMs: 20 });
    expect(alone.networkProfile?.podCidrs).toEqual(['192.168.0.0/16']);
  });
});
