// Emulator persistence: a world saved to a state file survives a stop or a crash; a running migration
// resumes from the wall clock (injected clock); a changed fleet wins; the port is reused when free.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_FLEET_PATH, startEmulator, TIMINGS, type EmulatorClock, type RunningEmulator } from '../../emulator/index.ts';
import { AKS_SERVER, ARM_AUTH, aksClient, kubeConfigFor, raw, SUB, tokenFor, withNetwork } from './helpers.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'np-emu-state-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(o: Parameters<typeof startEmulator>[0]): Promise<RunningEmulator> {
  const emu = await startEmulator(o);
  cleanups.push(() => emu.stop());
  return emu;
}

/** A clock that only moves when told; timers never fire (the state catches up on start). */
function frozenClock(at: number): EmulatorClock & { set(t: number): void } {
  let now = at;
  return { now: () => now, setTimeout: () => ({}), clearTimeout: () => {}, set: (t) => { now = t; } };
}

const T0 = Date.parse('2026-02-01T09:00:00.000Z');
const OVERLAY = { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' };

async function putOverlay(emu: RunningEmulator): Promise<{ asyncUrl: string; eTag: string }> {
  const client = aksClient(emu);
  const before = await client.managedClusters.get('rg-demo', 'aks-legacy');
  let asyncUrl = '';
  await client.managedClusters.beginCreateOrUpdate('rg-demo', 'aks-legacy', withNetwork(before, OVERLAY), {
    ifMatch: before.eTag, onResponse: (r) => { asyncUrl = r.headers.get('azure-asyncoperation') ?? asyncUrl; },
  });
  const after = await client.managedClusters.get('rg-demo', 'aks-legacy');
  return { asyncUrl, eTag: after.eTag! };
}

async function opStatus(emu: RunningEmulator, asyncUrl: string): Promise<{ status: string; endTime?: string }> {
  const path = new URL(asyncUrl).pathname + new URL(asyncUrl).search;
  return (await raw(emu, 'GET', path, ARM_AUTH)).json as { status: string; endTime?: string };
}

async function nodes(emu: RunningEmulator): Promise<k8s.V1Node[]> {
  return (await (await kubeConfigFor(emu, 'aks-legacy')).makeApiClient(k8s.CoreV1Api).listNode()).items;
}

const overlayLabelled = (n: k8s.V1Node) => n.metadata?.labels?.['kubernetes.azure.com/podnetwork-type'] === 'overlay';

describe('emulator state file', () => {
  it('is written at once when an update is accepted (temp file + rename), and a crash copy resumes the migration', async () => {
    const dir = tmp();
    const stateFile = join(dir, 'emulator-state.json');
    const clock = frozenClock(T0);
    const first = await start({ stateFile, clock, speed: 1 });
    expect(first.persistence).toEqual({ file: stateFile, restored: 'absent', readOnly: false });
    const { asyncUrl, eTag } = await putOverlay(first);
    // "SIGKILL": keep the file as it is now, before any stop() flush
    const crashed = join(dir, 'crashed.json');
    copyFileSync(stateFile, crashed);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const saved = JSON.parse(readFileSync(crashed, 'utf8')) as { format: number; port: number; world: { operations: { status: string }[] } };
    expect(saved).toMatchObject({ format: 1, port: first.port });
    expect(saved.world.operations.map((o) => o.status)).toEqual(['InProgress']);
    await first.stop();

    // Restart mid-way: after setup + drain + reimage + rejoin of the first batch (speed 1, wall clock).
    const t = TIMINGS.overlay;
    const mid = T0 + t.setup + t.drain + t.reimage + 1;
    const second = await start({ stateFile: crashed, clock: frozenClock(mid), speed: 1 });
    expect(second.persistence?.restored).toBe('loaded');
    const client = aksClient(second);
    const cluster = await client.managedClusters.get('rg-demo', 'aks-legacy');
    expect(cluster.eTag).toBe(eTag);
    expect(cluster.provisioningState).toBe('Updating');
    expect(cluster.networkProfile).toMatchObject({ networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' });
    expect(await opStatus(second, asyncUrl)).toMatchObject({ status: 'InProgress' });
    const midNodes = await nodes(second);
    const done = midNodes.filter(overlayLabelled).length;
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(midNodes.length);
    // a PUT while it runs is still refused
    const again = await client.managedClusters.beginCreateOrUpdate('rg-demo', 'aks-legacy', cluster).then(() => 0, (e: { statusCode?: number }) => e.statusCode);
    expect(again).toBe(409);
    await second.stop();

    // Restart long after the end: every node done, the operation Succeeded at the time it would have.
    const third = await start({ stateFile: crashed, clock: frozenClock(T0 + 3_600_000), speed: 1 });
    const status = await opStatus(third, asyncUrl);
    expect(status.status).toBe('Succeeded');
    expect(Date.parse(status.endTime!)).toBeLessThan(T0 + 3_600_000);
    expect(Date.parse(status.endTime!)).toBeGreaterThan(mid);
    const end = await aksClient(third).managedClusters.get('rg-demo', 'aks-legacy');
    expect(end.provisioningState).toBe('Succeeded');
    expect(end.agentPoolProfiles?.every((p) => p.provisioningState === 'Succeeded')).toBe(true);
    const endNodes = await nodes(third);
    expect(endNodes.every((n) => overlayLabelled(n) && !n.spec?.unschedulable)).toBe(true);
  });

  it('keeps a world across a clean stop with the real clock, and reuses the port when it is free', async () => {
    const stateFile = join(tmp(), 'emulator-state.json');
    const first = await start({ stateFile, speed: 2000 });
    const { asyncUrl } = await putOverlay(first);
    await first.stop();
    const second = await start({ stateFile, speed: 2000 });
    expect(second.port).toBe(first.port);
    expect(second.url).toBe(first.url);
    await expect.poll(async () => (await opStatus(second, asyncUrl)).status, { timeout: 10_000, interval: 25 }).toBe('Succeeded');
    expect((await aksClient(second).managedClusters.get('rg-demo', 'aks-legacy')).networkProfile?.networkPluginMode).toBe('overlay');
  });

  it('falls back to an ephemeral port when the saved one is taken', async () => {
    const stateFile = join(tmp(), 'emulator-state.json');
    const first = await start({ stateFile });
    const port = first.port;
    await first.stop();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const second = await start({ stateFile });
    expect(second.port).not.toBe(port);
    expect(second.persistence?.restored).toBe('loaded');
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).port).toBe(second.port);
  });

  it('ignores the saved world when the fleet file changed', async () => {
    const dir = tmp();
    const fleetFile = join(dir, 'fleet.json');
    copyFileSync(DEMO_FLEET_PATH, fleetFile);
    const stateFile = join(dir, 'emulator-state.json');
    const first = await start({ stateFile, fleetFile, speed: 1 });
    await putOverlay(first);
    await first.stop();
    const same = await start({ stateFile, fleetFile, speed: 1 });
    expect((await aksClient(same).managedClusters.get('rg-demo', 'aks-legacy')).provisioningState).toBe('Updating');
    await same.stop();

    const fleet = JSON.parse(readFileSync(fleetFile, 'utf8')) as { clusters: { cluster: { tags?: Record<string, string> } }[] };
    fleet.clusters[0].cluster.tags = { ...(fleet.clusters[0].cluster.tags ?? {}), edited: 'yes' };
    writeFileSync(fleetFile, JSON.stringify(fleet));
    const changed = await start({ stateFile, fleetFile, speed: 1 });
    expect(changed.persistence).toMatchObject({ restored: 'ignored', reason: expect.stringContaining('fleet changed') });
    const legacy = await aksClient(changed).managedClusters.get('rg-demo', 'aks-legacy');
    expect(legacy.provisioningState).toBe('Succeeded');
    expect(legacy.networkProfile?.networkPluginMode).toBeUndefined();
  });

  it('lets one emulator write a state file; a second one loads it read-only and never writes', async () => {
    const stateFile = join(tmp(), 'emulator-state.json');
    const writer = await start({ stateFile, speed: 1 });
    await putOverlay(writer);
    const before = readFileSync(stateFile, 'utf8');
    const reader = await start({ stateFile, speed: 1 });
    expect(reader.persistence).toMatchObject({ restored: 'loaded', readOnly: true });
    expect((await aksClient(reader).managedClusters.get('rg-demo', 'aks-legacy')).provisioningState).toBe('Updating');
    await reader.stop();
    expect(readFileSync(stateFile, 'utf8')).toBe(before);
    expect(existsSync(`${stateFile}.lock`)).toBe(true);
    await writer.stop();
    expect(existsSync(`${stateFile}.lock`)).toBe(false);
  });

  it('takes over the lock a killed process left behind', async () => {
    const stateFile = join(tmp(), 'emulator-state.json');
    writeFileSync(`${stateFile}.lock`, '999999999');
    const emu = await start({ stateFile });
    expect(emu.persistence?.readOnly).toBe(false);
  });

  it('writes nothing without a state file (netpilot emulator as before)', async () => {
    const dir = tmp();
    const emu = await start({ dataDir: dir, speed: 1 });
    await putOverlay(emu);
    expect(emu.persistence).toBeUndefined();
    expect(readdirSync(dir)).toEqual(['emulator-ca.pem']);
  });
});

describe('emulator state file, other data', () => {
  it('keeps the Kubernetes token, so a kubeconfig from before the restart still works', async () => {
    const stateFile = join(tmp(), 'emulator-state.json');
    const first = await start({ stateFile });
    const kc = await kubeConfigFor(first, 'aks-legacy');
    const token = kc.getCurrentUser()?.token;
    await first.stop();
    const second = await start({ stateFile });
    const again = await kubeConfigFor(second, 'aks-legacy');
    expect(again.getCurrentUser()?.token).toBe(token);
    const list = await raw(second, 'GET', `/k8s/${SUB}/rg-demo/aks-legacy/api/v1/nodes`, { authorization: `Bearer ${token}` });
    expect(list.status).toBe(200);
  });

  it('keeps surge nodes, runCommand results and operation finish times (retention) across restarts', async () => {
    const stateFile = join(tmp(), 'emulator-state.json');
    const first = await start({ stateFile, clock: frozenClock(T0), speed: 1 });
    const originalNames = (await nodes(first)).map((n) => n.metadata!.name).sort();
    const { asyncUrl } = await putOverlay(first);
    const base = `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-private`;
    const post = await raw(first, 'POST', `${base}/runCommand?api-version=2026-07-01`, { ...ARM_AUTH, 'content-type': 'application/json' },
      JSON.stringify({ command: 'kubectl get nodes -o json', clusterToken: tokenFor(AKS_SERVER) }));
    expect(post.status).toBe(202);
    const resultPath = String(post.headers.location).slice(first.url.length);
    await first.stop();
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { world: { commands: { id: string }[] } };
    expect(saved.world.commands).toHaveLength(1);

    // Mid-reimage: the surge nodes that joined while no emulator ran are there; the command has finished.
    const second = await start({ stateFile, clock: frozenClock(T0 + TIMINGS.overlay.setup + 1), speed: 1 });
    const mid = await nodes(second);
    expect(mid).toHaveLength(8 + 3);
    const surge = mid.filter((n) => !originalNames.includes(n.metadata!.name));
    expect(surge).toHaveLength(3);
    expect(surge.every(overlayLabelled)).toBe(true);
    const result = await raw(second, 'GET', resultPath, ARM_AUTH);
    expect(result).toMatchObject({ status: 200, json: { properties: { provisioningState: 'Succeeded', exitCode: 0 } } });
    await second.stop();

    // Hours later: surge nodes gone, and the finished operation and command result have expired.
    const third = await start({ stateFile, clock: frozenClock(T0 + 3 * 3_600_000), speed: 1 });
    expect((await nodes(third)).map((n) => n.metadata!.name).sort()).toEqual(originalNames);
    const path = new URL(asyncUrl).pathname + new URL(asyncUrl).search;
    expect((await raw(third, 'GET', path, ARM_AUTH)).status).toBe(404);
    expect((await raw(third, 'GET', resultPath, ARM_AUTH)).status).toBe(404);
  });
});
