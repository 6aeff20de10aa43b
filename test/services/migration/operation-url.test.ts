// Operation URLs and the SDK poller across a demo restart: the runner saves the poller's state
// after its PUT; the demo emulator comes back on the port it saved, and the watcher resumes the
// poller from that state on the same URL. When that port was taken (a new port), the stored URL is
// not on the ARM endpoint any more: it gets no ARM token and the cluster decides the outcome. An
// operation URL on any other origin is never requested.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/index.ts';
import { makePolicy } from '../../../services/approval/policy.ts';
import { ApprovalService, type PreflightFn } from '../../../services/approval/service.ts';
import type { ClusterRef } from '../../../services/approval/types.ts';
import { createAzureClients, EmulatorTokenCredential, type AzureClients } from '../../../services/azure/clients.ts';
import { MigrationRunner } from '../../../services/migration/runner.ts';
import { createNodeReader } from '../../../services/migration/node-reader.ts';
import { trustedOperationUrl } from '../../../services/migration/operation-url.ts';
import { ProgressWatcher } from '../../../services/migration/watcher.ts';
import type { MigrationOutcome, ProgressNotifier } from '../../../services/migration/types.ts';
import type { PreflightReport } from '../../../services/preflight/types.ts';
import { openStore } from '../../../services/store/index.ts';

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const OP_PATH = `/subscriptions/${SUB}/providers/Microsoft.ContainerService/locations/japaneast/operations/0b1c?api-version=2017-08-31`;

/** Requests and approves aks-legacy -> overlay through the real ApprovalService and MigrationRunner on `clients`. */
async function approveAksLegacy(store: ReturnType<typeof openStore>, clients: AzureClients, thread?: Record<string, unknown>) {
  const ref: ClusterRef = { id: `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy`,
    subscriptionId: SUB, resourceGroup: 'rg-demo', name: 'aks-legacy' };
  const preflight: PreflightFn = async () => ({ report: report(),
    eTag: (await clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-legacy')).eTag ?? null });
  const runner = new MigrationRunner({ store, containerService: (s, purpose) => clients.containerService(s, purpose) });
  const service = new ApprovalService({ store, preflight, executor: runner, policy: makePolicy({ demoMode: true }) });
  const created = await service.createRequest({ cluster: ref, target: 'overlay', podCidr: '192.168.0.0/16', requester: { id: 'u1', name: 'R' },
    ...(thread ? { thread } : {}) });
  if (!created.ok) throw new Error(created.reason);
  const approved = await service.approve(created.request.id, { id: 'u2', name: 'A' }, { confirm: 'aks-legacy', ack: 'true' });
  return { service, approved, requestId: created.request.id };
}

describe('trustedOperationUrl', () => {
  it('accepts only an https URL on the configured ARM endpoint, unchanged', () => {
    expect(trustedOperationUrl(`https://127.0.0.1:40001${OP_PATH}`, 'https://127.0.0.1:40001')).toEqual({ ok: true, url: `https://127.0.0.1:40001${OP_PATH}` });
    expect(trustedOperationUrl(`https://management.azure.com${OP_PATH}`, 'https://management.azure.com/')).toMatchObject({ ok: true });
  });

  it('refuses another port, host or scheme, a non-URL, and any URL when the endpoint is unknown (no rebasing)', () => {
    expect(trustedOperationUrl(`https://127.0.0.1:40001${OP_PATH}`, 'https://127.0.0.1:40002')).toMatchObject({ ok: false, reason: expect.stringMatching(/not on the ARM endpoint/) });
    expect(trustedOperationUrl(`https://localhost:40002${OP_PATH}`, 'https://127.0.0.1:40002')).toMatchObject({ ok: false });
    expect(trustedOperationUrl(`https://management.azure.com${OP_PATH}`, 'https://management.usgovcloudapi.net')).toMatchObject({ ok: false });
    expect(trustedOperationUrl(`http://127.0.0.1:40002${OP_PATH}`, 'https://127.0.0.1:40002')).toMatchObject({ ok: false, reason: expect.stringMatching(/not https/) });
    expect(trustedOperationUrl('not a url', 'https://127.0.0.1:40002')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a URL/) });
    expect(trustedOperationUrl(`https://127.0.0.1:40002${OP_PATH}`, undefined)).toMatchObject({ ok: false, reason: expect.stringMatching(/not known/) });
  });
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function clientsOf(emu: RunningEmulator): AzureClients {
  return createAzureClients({ endpoint: emu.url, scope: `${emu.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emu.caPem,
    retry: { maxRetries: 0 } });
}

// The watcher's injected sleep: honours the request but never waits more than 50 ms in a test.
const fastSleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, Math.min(ms, 50));
  signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

function report(): PreflightReport {
  return {
    target: 'overlay', cluster: { name: 'aks-legacy', resourceGroup: 'rg-demo', mode: 'node-subnet', dataplane: 'azure', networkPolicy: 'none', kubernetesVersion: '1.30' },
    podCidr: '192.168.0.0/16', verdict: 'ready', findings: [], passed: [], notApplicable: [],
    plan: { azCommand: 'az aks update', networkProfile: { networkPluginMode: 'overlay', podCidr: '192.168.0.0/16' } },
  };
}

/** Starts a migration on an emulator with a state file, stops the emulator (NetPilot and its
 * emulator die), optionally takes its port, starts it again and watches the operation to its end. */
async function acrossRestart(takeOldPort: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'np-restart-port-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const stateFile = join(dir, 'emulator-state.json');
  const store = openStore(dir);
  cleanups.push(() => store.close());

  const first = await startEmulator({ stateFile, speed: 300 });
  let stopFirst: (() => Promise<void>) | undefined = () => first.stop();
  cleanups.push(() => stopFirst?.());
  const { service, approved } = await approveAksLegacy(store, clientsOf(first), { conversationId: 'c' });
  if (!approved.ok) throw new Error(approved.reason);
  await service.drain();
  const [op] = store.operations.listRunning();
  expect(op.asyncOperationUrl!.startsWith(`${first.url}/subscriptions/`)).toBe(true);
  // the SDK poller's state after the PUT, polling that same URL
  expect(JSON.parse(op.pollerState!)).toMatchObject({ state: { status: 'running', config: { operationLocation: op.asyncOperationUrl } } });

  const oldPort = first.port;
  await first.stop();
  stopFirst = undefined;
  if (takeOldPort) {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(oldPort, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  }
  const second = await startEmulator({ stateFile, speed: 300 });
  cleanups.push(() => second.stop());
  expect(second.persistence?.restored).toBe('loaded');

  const clients2 = clientsOf(second);
  const outcomes: MigrationOutcome[] = [];
  const notifier: ProgressNotifier = {
    started: async () => {}, progress: async () => {}, poolFinished: async () => {}, stalled: async () => {},
    finished: async (_op, outcome) => { outcomes.push(outcome); },
  };
  const errors: string[] = [];
  const containerService = (s: string) => clients2.containerService(s);
  const watcher = new ProgressWatcher({ store, containerService, notifier, readNodes: createNodeReader(containerService), pollSeconds: 1, armEndpoint: second.url,
    sleep: fastSleep, onError: (err, ctx) => errors.push(`${ctx.stage}: ${String(err)}`) });
  cleanups.push(() => watcher.stop());
  expect(watcher.resumeAll()).toEqual([op.id]);
  await watcher.idle();
  const opId = op.asyncOperationUrl!.split('/operations/')[1].split('?')[0];
  const polls = [first, second].flatMap((e) => e.requests()).filter((r) => r.method === 'GET' && r.path.endsWith(`/operations/${opId}`));
  return { op, oldPort, second, outcomes, errors, polls, final: store.operations.get(op.id)! };
}

describe('watching across an emulator restart', () => {
  it('the emulator comes back on its saved port: the watcher resumes the SDK poller on the same URL and ends succeeded', async () => {
    const r = await acrossRestart(false);
    expect(r.second.port).toBe(r.oldPort);
    expect(r.outcomes.map((o) => o.status)).toEqual(['succeeded']);
    expect(r.errors.filter((e) => e.startsWith('lro'))).toEqual([]);
    expect(r.polls.length).toBeGreaterThan(0);
    expect(r.polls.every((p) => p.status === 200)).toBe(true);
    expect((r.final.watcherState as { operationUrlDropped?: string }).operationUrlDropped).toBeUndefined();
    expect(r.final.asyncOperationUrl).toBe(r.op.asyncOperationUrl);
  }, 30_000);

  it('its port was taken: the stored URL is not on the new endpoint, gets no token, and the cluster ends the migration', async () => {
    const r = await acrossRestart(true);
    expect(r.second.port).not.toBe(r.oldPort);
    expect(r.outcomes.map((o) => o.status)).toEqual(['succeeded']);
    expect(r.polls).toEqual([]); // nothing asked the old URL, and no rebased one on the new port
    expect(r.errors.filter((e) => e.startsWith('lro-origin'))).toHaveLength(1);
    expect((r.final.watcherState as { operationUrlDropped?: string }).operationUrlDropped).toMatch(/^refused: .*not on the ARM endpoint/);
    expect(r.final.lastProgress).toMatchObject({ fromCluster: true });
  }, 30_000);
});

describe('operation URLs on another origin', () => {
  it('an operation URL on another origin gets no ARM token: not requested, logged, and the cluster decides the outcome', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'np-origin-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = openStore(dir);
    cleanups.push(() => store.close());
    const emu = await startEmulator({ speed: 600 });
    cleanups.push(() => emu.stop());
    const clients = clientsOf(emu);
    const { service, approved, requestId } = await approveAksLegacy(store, clients);
    expect(approved.ok).toBe(true);
    await service.drain();
    const [op] = store.operations.listRunning();
    // The same server under another origin (a name instead of the address, then plain http): both
    // are not the configured ARM endpoint, so the token must not go there.
    const path = new URL(op.asyncOperationUrl!).pathname;
    for (const url of [`https://localhost:${emu.port}${path}?api-version=2017-08-31`, `http://127.0.0.1:${emu.port}${path}?api-version=2017-08-31`]) {
      const saved = JSON.parse(op.pollerState!) as { state: { config: { operationLocation: string } } };
      saved.state.config.operationLocation = url;
      store.operations.update(op.id, { asyncOperationUrl: url, pollerState: JSON.stringify(saved), watcherState: {} });
      const outcomes: MigrationOutcome[] = [];
      const errors: string[] = [];
      const notifier: ProgressNotifier = {
        started: async () => {}, progress: async () => {}, poolFinished: async () => {}, stalled: async () => {},
        finished: async (_op, outcome) => { outcomes.push(outcome); },
      };
      const containerService = (s: string) => clients.containerService(s);
      const watcher = new ProgressWatcher({ store, containerService, notifier, readNodes: createNodeReader(containerService), pollSeconds: 1,
        armEndpoint: emu.url, sleep: fastSleep, onError: (err, ctx) => errors.push(`${ctx.stage}: ${(err as Error).message}`) });
      if (url.startsWith('http:')) {
        watcher.watch(op.id);
        await watcher.idle();
        expect(outcomes.map((o) => o.status)).toEqual(['succeeded']);
      } else {
        await watcher.pollOnce(op.id);
      }
      await watcher.stop();
      expect(errors.filter((e) => e.startsWith('lro-origin'))).toHaveLength(1);
      expect(errors.find((e) => e.startsWith('lro-origin'))).toMatch(/not (on the ARM endpoint|https)/);
    }
    expect(emu.requests().filter((r) => r.path === path)).toEqual([]);
    expect(store.requests.get(requestId)?.state).toBe('succeeded');
  }, 30_000);
});
