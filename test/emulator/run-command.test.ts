// AKS runCommand (spec §8): long-running POST, then commandResults; `kubectl get ... -o json` against
// the cluster's data, through the real ContainerServiceClient (beginRunCommandAndWait) and raw HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { AKS_SERVER, aksClient, ARM_AUTH, manualClock, raw, SUB, tokenFor } from './helpers.ts';

interface KubeList { apiVersion: string; kind: string; metadata: { resourceVersion: string }; items: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }[] }

describe('runCommand through the SDK', () => {
  let emu: RunningEmulator;
  beforeAll(async () => { emu = await startEmulator({ speed: 1000 }); });
  afterAll(async () => { await emu.stop(); });

  const run = (name: string, command: string, clusterToken?: string) =>
    aksClient(emu).managedClusters.beginRunCommandAndWait('rg-demo', name, { command, ...(clusterToken !== undefined ? { clusterToken } : {}) }, { updateIntervalInMs: 20 });

  it('reads all four lists of a private Entra ID cluster in one List with mixed kinds, as kubectl prints it', async () => {
    const result = await run('aks-private', 'kubectl get nodes,configmaps,networkpolicies.networking.k8s.io,poddisruptionbudgets.policy -A -o json', tokenFor(AKS_SERVER));
    expect(result.provisioningState).toBe('Succeeded');
    expect(result.exitCode).toBe(0);
    expect(result.startedAt).toBeInstanceOf(Date);
    expect(result.finishedAt!.getTime()).toBeGreaterThanOrEqual(result.startedAt!.getTime());
    const list = JSON.parse(result.logs!) as KubeList;
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
    const kinds = list.items.map((i) => i.kind);
    expect(kinds.filter((k) => k === 'Node')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'ConfigMap').length).toBeGreaterThan(0);
    expect(kinds.filter((k) => k === 'PodDisruptionBudget')).toHaveLength(3);
    // kubectl order: kind by kind, in the order asked.
    expect([...new Set(kinds)]).toEqual(['Node', 'ConfigMap', 'PodDisruptionBudget']);
    expect(list.items.find((i) => i.kind === 'PodDisruptionBudget')?.apiVersion).toBe('policy/v1');
    expect(result.logs!).toMatch(/^\{\n {4}"apiVersion": "v1",/);
  });

  it('honours -n, the default namespace, short names and a single name', async () => {
    const token = tokenFor(AKS_SERVER);
    const cm = JSON.parse((await run('aks-entra', 'kubectl get cm -n kube-system -o json', token)).logs!) as KubeList;
    expect(cm.items.length).toBeGreaterThan(0);
    expect(cm.items.every((i) => i.kind === 'ConfigMap' && i.metadata.namespace === 'kube-system')).toBe(true);
    const dflt = JSON.parse((await run('aks-entra', 'kubectl get configmaps -o json', token)).logs!) as KubeList;
    expect(dflt.items).toEqual([]);
    const pdb = JSON.parse((await run('aks-calico', 'kubectl get pdb --all-namespaces -ojson')).logs!) as KubeList;
    expect(pdb.items.map((i) => i.kind)).toEqual(['PodDisruptionBudget', 'PodDisruptionBudget', 'PodDisruptionBudget']);
    const netpol = JSON.parse((await run('aks-calico', 'kubectl get netpol --namespace=shop --output=json')).logs!) as KubeList;
    expect(netpol.items.map((i) => i.metadata.name).sort()).toEqual(['allow-egress-onprem', 'allow-frontend-to-api', 'default-deny-ingress']);
    const one = await run('aks-calico', 'kubectl get configmap coredns -n kube-system -o json');
    expect(JSON.parse(one.logs!)).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'coredns' } });
  });

  it('exits 1 with kubectl-like errors for what it cannot run', async () => {
    const cases: [string, RegExp][] = [
      ['kubectl get pods -A -o json', /^error: the server doesn't have a resource type "pods"/],
      ['kubectl apply -f ns.yaml', /^error: .*only "kubectl get"/],
      ['kubectl get nodes -o yaml', /^error: unable to match a printer suitable for the output format "yaml"/],
      ['kubectl get nodes --frobnicate -o json', /^error: unknown flag: --frobnicate/],
      ['kubectl get configmap nope -n kube-system -o json', /^Error from server \(NotFound\): configmaps "nope" not found/],
      ['helm list', /^error: .*only "kubectl get"/],
    ];
    for (const [command, logs] of cases) {
      const result = await run('aks-legacy', command);
      expect(result, command).toMatchObject({ provisioningState: 'Succeeded', exitCode: 1 });
      expect(result.logs, command).toMatch(logs);
    }
  });

  it('needs a clusterToken for the AKS server application when Entra ID is on', async () => {
    const missing = await run('aks-entra', 'kubectl get nodes -o json').then(() => undefined, (e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 400, code: 'MissingAADClusterToken' });
    for (const wrong of [tokenFor('https://management.azure.com/'), tokenFor(AKS_SERVER, 3600), 'opaque']) {
      const result = await run('aks-entra', 'kubectl get nodes -o json', wrong);
      expect(result).toMatchObject({ exitCode: 1, logs: 'error: You must be logged in to the server (Unauthorized)\n' });
    }
    // A cluster without Entra ID ignores it.
    expect((await run('aks-legacy', 'kubectl get nodes -o json')).exitCode).toBe(0);
  });

  it('refuses a request without a command', async () => {
    const r = await raw(emu, 'POST', `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy/runCommand?api-version=2026-04-01`,
      { ...ARM_AUTH, 'content-type': 'application/json' }, JSON.stringify({ context: '' }));
    expect(r).toMatchObject({ status: 400, json: { error: { code: 'InvalidParameter' } } });
  });
});

describe('runCommand on the wire', () => {
  it('answers 202 + Location, then 202 while running and 200 with the result; 404 after the retention', async () => {
    const t0 = Date.parse('2026-03-01T10:00:00Z');
    const clock = manualClock(t0);
    const emu = await startEmulator({ clock, speed: 1, operationRetentionMs: 600_000 });
    try {
      const base = `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-private`;
      const post = await raw(emu, 'POST', `${base}/runCommand?api-version=2026-07-01`, { ...ARM_AUTH, 'content-type': 'application/json' },
        JSON.stringify({ command: 'kubectl get nodes -o json', context: '', clusterToken: tokenFor(AKS_SERVER) }));
      expect(post.status).toBe(202);
      const location = String(post.headers.location);
      expect(location).toMatch(new RegExp(`^${emu.url}${base}/commandResults/[0-9a-f]{32}\\?api-version=2026-07-01$`));
      expect(Number(post.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const path = location.slice(emu.url.length);
      const running = await raw(emu, 'GET', path, ARM_AUTH);
      expect(running.status).toBe(202);
      expect(running.json).toMatchObject({ properties: { provisioningState: 'Running' } });
      clock.advance(60_000);
      const done = await raw(emu, 'GET', path, ARM_AUTH);
      expect(done.status).toBe(200);
      const id = path.split('/commandResults/')[1].split('?')[0];
      expect(done.json).toMatchObject({ id, properties: { provisioningState: 'Succeeded', exitCode: 0, startedAt: '2026-03-01T10:00:00Z' } });
      expect(JSON.parse((done.json as { properties: { logs: string } }).properties.logs)).toMatchObject({ kind: 'List' });
      clock.advance(600_000);
      expect((await raw(emu, 'GET', path, ARM_AUTH)).status).toBe(404);
      const other = await raw(emu, 'GET', `${base.replace('aks-private', 'aks-entra')}/commandResults/${id}?api-version=1`, ARM_AUTH);
      expect(other.status).toBe(404);
    } finally {
      await emu.stop();
    }
  });

  it('counts against the subscription write budget like other writes', async () => {
    const emu = await startEmulator({ speed: 1000, faults: { throttle: { subscriptionWrites: { size: 1, refillPerSecond: 0 } } } });
    try {
      const body = JSON.stringify({ command: 'kubectl get nodes -o json' });
      const url = `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy/runCommand?api-version=1`;
      const headers = { ...ARM_AUTH, 'content-type': 'application/json' };
      expect((await raw(emu, 'POST', url, headers, body)).status).toBe(202);
      const second = await raw(emu, 'POST', url, headers, body);
      expect(second).toMatchObject({ status: 429, json: { error: { code: 'Throttled' } } });
    } finally {
      await emu.stop();
    }
  });
});
