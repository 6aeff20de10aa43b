// The directory's caches against the in-process emulator (real @azure/arm-* clients over HTTPS):
// names resolve from a per-subscription list kept for its TTL, -g goes straight to the cluster,
// snapshots are reused for seconds and dropped by a write; counted from the emulator's own log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.ts';
import { createAzureClients, EmulatorTokenCredential, isWrite, type AzureClients } from '../../../services/azure/clients.ts';
import { createClusterDirectory } from '../../../services/azure/cluster-directory.ts';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';

describe('cluster directory caches (emulator)', () => {
  let emu: Emulator;
  let clients: AzureClients;
  const served = (from: number) => emu.requests().slice(from).map((r) => `${r.method} ${r.path}`);
  const lists = (paths: string[]) => paths.filter((p) => /^GET \/subscriptions(\/[^/]+\/providers\/Microsoft\.ContainerService\/managedClusters)?$/i.test(p));
  beforeAll(async () => {
    emu = await startEmulator({});
    clients = createAzureClients({ endpoint: emu.url, scope: `${emu.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emu.caPem });
  });
  afterAll(async () => emu?.stop());

  it('resolves a second name from the cached list: no subscription or cluster list read again', async () => {
    const dir = createClusterDirectory({ clients, subscriptions: 'all' });
    const before = emu.requests().length;
    expect((await dir.resolve({ name: 'aks-legacy' })).kind).toBe('found');
    const first = lists(served(before));
    expect(first.length).toBeGreaterThan(1);
    const mid = emu.requests().length;
    const again = await dir.resolve({ name: 'aks-calico' });
    expect(again).toMatchObject({ kind: 'found', ref: { name: 'aks-calico', resourceGroup: 'rg-demo' } });
    expect(served(mid)).toEqual([]);
  });

  it('re-reads the lists once the TTL has passed, and a stale list still answers while it refreshes', async () => {
    let now = 1_000_000;
    const dir = createClusterDirectory({ clients, subscriptions: 'all', directoryTtlMs: 60_000, now: () => now });
    await dir.resolve({ name: 'aks-legacy' });
    now += 61_000;
    const before = emu.requests().length;
    expect((await dir.resolve({ name: 'aks-legacy' })).kind).toBe('found');
    await expect.poll(() => lists(served(before)).length).toBeGreaterThan(0);
  });

  it('a name missing from the cached list is looked up afresh before "not found"', async () => {
    const dir = createClusterDirectory({ clients, subscriptions: 'all' });
    await dir.resolve({ name: 'aks-legacy' });
    const before = emu.requests().length;
    const miss = await dir.resolve({ name: 'aks-legasy' });
    expect(miss).toMatchObject({ kind: 'not-found', suggestions: ['aks-legacy'] });
    expect(lists(served(before)).length).toBeGreaterThan(0);
  });

  it('-g goes straight to the cluster: one GET, no list', async () => {
    const dir = createClusterDirectory({ clients, subscriptions: [SUB] });
    const before = emu.requests().length;
    const found = await dir.resolve({ name: 'aks-kubenet', resourceGroup: 'rg-demo' });
    expect(found).toMatchObject({ kind: 'found', ref: { name: 'aks-kubenet', subscriptionId: SUB } });
    expect(served(before)).toEqual([`GET /subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-kubenet`]);
    // A wrong resource group still gets the usual suggestion (from the list).
    const wrong = await dir.resolve({ name: 'aks-kubenet', resourceGroup: 'rg-nope' });
    expect(wrong).toMatchObject({ kind: 'not-found', suggestions: ['rg-demo/aks-kubenet'] });
  });

  it('reuses a snapshot within its TTL, reads fresh on request, and drops it when a write is sent', async () => {
    const dir = createClusterDirectory({ clients, subscriptions: 'all' });
    const found = await dir.resolve({ name: 'aks-calico' });
    if (found.kind !== 'found') throw new Error('aks-calico not found');
    const gets = (from: number) => served(from).filter((p) => /^GET .*managedClusters\/aks-calico$/i.test(p)).length;
    let at = emu.requests().length;
    const [a, b] = await Promise.all([dir.snapshot(found.ref), dir.snapshot(found.ref)]);
    expect(a).toBe(b);
    await dir.snapshot(found.ref);
    expect(gets(at)).toBe(1);
    at = emu.requests().length;
    await dir.snapshot(found.ref, { fresh: true });
    expect(gets(at)).toBe(1);
    // A write through the same clients (here: a tag-only PATCH-like PUT refused by If-Match) drops the cache.
    at = emu.requests().length;
    await clients.containerService(SUB, 'write').managedClusters.beginCreateOrUpdate('rg-demo', 'aks-calico', { location: 'japaneast' }, { ifMatch: 'stale-etag' })
      .catch(() => undefined);
    await dir.snapshot(found.ref);
    expect(gets(at)).toBe(1);
  });

  it('isWrite: PUT/PATCH/DELETE and action POSTs are writes; credential and runCommand POSTs are not', () => {
    expect(isWrite('PUT', '/subscriptions/s/resourcegroups/r/providers/microsoft.containerservice/managedclusters/c')).toBe(true);
    expect(isWrite('DELETE', '/x')).toBe(true);
    expect(isWrite('POST', '/subscriptions/s/resourcegroups/r/providers/microsoft.containerservice/managedclusters/c/abort')).toBe(true);
    expect(isWrite('POST', '/subscriptions/s/resourcegroups/r/providers/microsoft.containerservice/managedclusters/c/listclusterusercredential')).toBe(false);
    expect(isWrite('POST', '/subscriptions/s/resourcegroups/r/providers/microsoft.containerservice/managedclusters/c/runcommand')).toBe(false);
    expect(isWrite('GET', '/x')).toBe(false);
  });
});
