// Reading Kubernetes of real-tenant clusters against the strict emulator (spec §8), through the real
// ContainerServiceClient and @kubernetes/client-node: Entra ID clusters with NetPilot's own token for
// the server id (kubelogin not on the PATH, no child process), private and IP-restricted API servers
// through AKS runCommand within 15 s, NETPILOT_RUN_COMMAND=0 reporting them with the right hint.
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { RestError } from '@azure/core-rest-pipeline';
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AKS_SERVER_ID, DEMO_FLEET_PATH, decodeJwt, startEmulator, type RunningEmulator } from '../../../emulator/index.ts';
import { createAzureClients, EmulatorTokenCredential, type AzureClients } from '../../../services/azure/clients.ts';
import type { ClusterRef } from '../../../services/azure/cluster-directory.ts';
import { collectSnapshot } from '../../../services/azure/collect-snapshot.ts';
import { AksKubernetesSession } from '../../../services/kubernetes/aks-reader.ts';
import { RUN_COMMAND_ACTION } from '../../../services/kubernetes/failures.ts';
import { createNodeReader } from '../../../services/migration/node-reader.ts';
import { runPreflight } from '../../../services/preflight/run-preflight.ts';
import { renderFinding } from '../../../i18n/render.ts';
import type { OperationRecord } from '../../../services/store/types.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- fleet JSON is edited freely in tests

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const ref = (name: string): ClusterRef =>
  ({ subscriptionId: SUB, resourceGroup: 'rg-demo', name, id: `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/${name}` });

/** The demo fleet plus copies of aks-entra whose API server admits only some IP ranges. */
function fleetWithIpRanges(): Json {
  const fleet = JSON.parse(readFileSync(DEMO_FLEET_PATH, 'utf8')) as Json;
  const entra = fleet.clusters.find((c: Json) => c.cluster.name === 'aks-entra');
  const copy = (name: string, ranges: string[]): Json => {
    const c = JSON.parse(JSON.stringify(entra).replaceAll('aks-entra', name).replaceAll('vnet-entra', `vnet-${name}`)) as Json;
    c.cluster.properties.apiServerAccessProfile = { authorizedIPRanges: ranges };
    return c;
  };
  fleet.clusters.push(copy('aks-iprange', ['203.0.113.0/24']), copy('aks-iprange-ok', ['127.0.0.0/8']));
  return fleet;
}

/** The product's emulator credential, recording every scope it is asked for. */
function recordingCredential(inner: TokenCredential = new EmulatorTokenCredential()) {
  const scopes: string[] = [];
  const tokens: string[] = [];
  const credential: TokenCredential = {
    getToken: async (s, o): Promise<AccessToken | null> => {
      scopes.push(Array.isArray(s) ? s.join(' ') : String(s));
      const t = await inner.getToken(s, o);
      if (t) tokens.push(t.token);
      return t;
    },
  };
  return { credential, scopes, tokens };
}

/** Spies on every way Node starts a child process (the CJS module object backs the ESM bindings). */
function spawnSpy() {
  const cp = createRequire(import.meta.url)('node:child_process') as Record<string, unknown>;
  const names = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
  const originals = new Map(names.map((n) => [n, cp[n]]));
  const calls: string[] = [];
  for (const n of names) {
    const orig = originals.get(n) as (...a: unknown[]) => unknown;
    cp[n] = (...args: unknown[]) => { calls.push(`${n} ${String(args[0])}`); return orig(...args); };
  }
  syncBuiltinESMExports();
  return {
    calls,
    restore: () => { for (const n of names) cp[n] = originals.get(n); syncBuiltinESMExports(); },
  };
}

let emu: RunningEmulator;
beforeAll(async () => {
  // Speed 1: runCommand takes its full emulated 8 s, the slow case the 15 s bound is about.
  emu = await startEmulator({ fleet: fleetWithIpRanges(), speed: 1 });
});
afterAll(async () => { await emu?.stop(); });

const clientsWith = (credential: TokenCredential, runCommand = true): AzureClients =>
  createAzureClients({ endpoint: emu.url, scope: `${emu.url}/.default`, credential, caPem: emu.caPem, kubernetes: { runCommand } });
const k8sRequests = (name: string, from: number) =>
  emu.requests().slice(from).filter((r) => r.path.startsWith(`/k8s/${SUB}/rg-demo/${name}/`));
const runCommands = (name: string, from: number) =>
  emu.requests().slice(from).filter((r) => r.method === 'POST' && r.path.endsWith(`/managedClusters/${name}/runCommand`));

describe('Entra ID cluster (aks-entra: kubelogin kubeconfig, local accounts disabled)', () => {
  it('reads every list with a token for the server id from NetPilot\'s credential; kubelogin is not on the PATH and no child process starts', async () => {
    const rec = recordingCredential();
    const emptyBin = mkdtempSync(join(tmpdir(), 'np-path-'));
    const savedPath = process.env.PATH;
    process.env.PATH = emptyBin;
    const spy = spawnSpy();
    const before = emu.requests().length;
    try {
      const { snapshot, kubernetesVia } = await collectSnapshot(ref('aks-entra'), { clients: clientsWith(rec.credential) });
      expect(snapshot.unavailable).toEqual([]);
      expect(kubernetesVia).toBe('api-server');
      expect(snapshot.kubernetes?.nodes?.length).toBeGreaterThan(0);
      expect(snapshot.kubernetes?.configMaps).toBeDefined();
      expect(snapshot.kubernetes?.networkPolicies).toBeDefined();
      expect(snapshot.kubernetes?.podDisruptionBudgets).toBeDefined();
      expect(snapshot.cluster.entra).toEqual({ managed: true, azureRbac: true, tenantId: '3c0e4a1b-6d2f-4e8a-9b7c-5d1f2e3a4b6c' });
      expect(spy.calls).toEqual([]);
      // Control: the same kubeconfig in plain client-node runs kubelogin (and fails, it is not on the PATH).
      const creds = await clientsWith(rec.credential).containerService(SUB).managedClusters.listClusterUserCredentials('rg-demo', 'aks-entra');
      const kc = new KubeConfig();
      kc.loadFromString(Buffer.from(creds.kubeconfigs![0].value!).toString('utf8'));
      await expect(kc.makeApiClient(CoreV1Api).listNode()).rejects.toThrow(/kubelogin|ENOENT/);
      expect(spy.calls.some((c) => c.startsWith('spawn kubelogin'))).toBe(true);
    } finally {
      spy.restore();
      process.env.PATH = savedPath;
      rmSync(emptyBin, { recursive: true, force: true });
    }
    // The Kubernetes token was asked for the AKS server application, not ARM, and carried that audience.
    expect(rec.scopes).toContain(`${AKS_SERVER_ID}/.default`);
    expect(new Set(rec.scopes)).toEqual(new Set([`${emu.url}/.default`, `${AKS_SERVER_ID}/.default`]));
    const kubeToken = rec.tokens[rec.scopes.indexOf(`${AKS_SERVER_ID}/.default`)];
    expect(decodeJwt(kubeToken)?.aud).toBe(AKS_SERVER_ID);
    const served = k8sRequests('aks-entra', before);
    expect(served.length).toBeGreaterThanOrEqual(4);
    expect(served.every((r) => r.status === 200)).toBe(true);
  });

  it('a token with the wrong audience is refused (401) and the reason says which server id it must be for', async () => {
    // Every scope gets an ARM-audience token: the mistake the emulator must catch, as Entra ID would.
    const armOnly: TokenCredential = { getToken: () => new EmulatorTokenCredential().getToken(`${emu.url}/.default`) };
    const { snapshot } = await collectSnapshot(ref('aks-entra'), { clients: clientsWith(armOnly) });
    expect(snapshot.kubernetes).toBeUndefined();
    expect(snapshot.unavailable).toHaveLength(1);
    expect(snapshot.unavailable[0].section).toBe('kubernetes');
    expect(snapshot.unavailable[0].reason).toMatch(new RegExp(`^Kubernetes \\w+: the API server refused NetPilot's Entra ID token \\(401\\): Unauthorized\\. The token must be issued for server id ${AKS_SERVER_ID}`));
  });
});

describe('private and IP-restricted API servers', () => {
  it('aks-private: read through ONE runCommand within 15 s, the lists split by kind, the API server never tried', async () => {
    const rec = recordingCredential();
    const before = emu.requests().length;
    const started = performance.now();
    const { snapshot, kubernetesVia } = await collectSnapshot(ref('aks-private'), { clients: clientsWith(rec.credential) });
    const elapsed = performance.now() - started;
    expect(snapshot.unavailable).toEqual([]);
    expect(kubernetesVia).toBe('run-command');
    expect(elapsed).toBeLessThan(15_000);
    expect(snapshot.cluster.apiServerAccess).toMatchObject({ privateCluster: true, runCommandDisabled: false });
    expect(snapshot.kubernetes?.nodes?.length).toBeGreaterThan(0);
    expect(snapshot.kubernetes?.configMaps?.every((c) => c.namespace === 'kube-system')).toBe(true);
    expect(snapshot.kubernetes?.podDisruptionBudgets).toBeDefined();
    expect(snapshot.kubernetes?.networkPolicies).toBeDefined();
    expect(runCommands('aks-private', before)).toHaveLength(1);
    expect(rec.scopes).toContain(`${AKS_SERVER_ID}/.default`); // the clusterToken of an Entra cluster
  }, 30_000);

  it('aks-iprange (authorized IP ranges without 127.0.0.1): the API server does not answer, runCommand reads it within 15 s', async () => {
    const before = emu.requests().length;
    const started = performance.now();
    const { snapshot, kubernetesVia } = await collectSnapshot(ref('aks-iprange'), { clients: clientsWith(new EmulatorTokenCredential()) });
    const elapsed = performance.now() - started;
    expect(snapshot.unavailable).toEqual([]);
    expect(kubernetesVia).toBe('run-command');
    expect(elapsed).toBeLessThan(15_000);
    expect(snapshot.cluster.apiServerAccess?.authorizedIpRanges).toEqual(['203.0.113.0/24']);
    expect(runCommands('aks-iprange', before)).toHaveLength(1);
  }, 30_000);

  it('aks-iprange-ok (ranges that contain 127.0.0.1): answers the probe and is read directly', async () => {
    const before = emu.requests().length;
    const { snapshot, kubernetesVia } = await collectSnapshot(ref('aks-iprange-ok'), { clients: clientsWith(new EmulatorTokenCredential()) });
    expect(snapshot.unavailable).toEqual([]);
    expect(kubernetesVia).toBe('api-server');
    expect(runCommands('aks-iprange-ok', before)).toHaveLength(0);
  });

  it('NETPILOT_RUN_COMMAND=0: private and IP-restricted clusters are reported unreachable, with the hint, quickly and without runCommand', async () => {
    const before = emu.requests().length;
    const clients = clientsWith(new EmulatorTokenCredential(), false);
    const started = performance.now();
    const [priv, ipr] = await Promise.all([collectSnapshot(ref('aks-private'), { clients }), collectSnapshot(ref('aks-iprange'), { clients })]);
    expect(performance.now() - started).toBeLessThan(15_000);
    for (const { snapshot, kubernetesVia } of [priv, ipr]) {
      expect(kubernetesVia).toBe('none');
      expect(snapshot.kubernetes).toBeUndefined();
      expect(snapshot.unavailable.map((u) => u.section)).toEqual(['kubernetes']);
    }
    const privReason = priv.snapshot.unavailable[0].reason;
    expect(privReason).toMatch(/^Kubernetes API server: timeout: 127\.0\.0\.1:\d+ did not answer \(no answer within 3 s\)\. The API server is private \(apiServerAccessProfile\.enablePrivateCluster\)/);
    expect(privReason).toContain(`set NETPILOT_RUN_COMMAND=1 so NetPilot reads it through AKS runCommand (needs ${RUN_COMMAND_ACTION}`);
    const iprReason = ipr.snapshot.unavailable[0].reason;
    expect(iprReason).toContain('The API server accepts only its authorized IP ranges (203.0.113.0/24): add NetPilot\'s outbound IP to apiServerAccessProfile.authorizedIPRanges, or set NETPILOT_RUN_COMMAND=1');
    expect(runCommands('aks-private', before)).toHaveLength(0);
    expect(runCommands('aks-iprange', before)).toHaveLength(0);
    // Fail closed: the checks that need Kubernetes are blockers naming the reason, and the fix is
    // the network path / runCommand, not an RBAC grant.
    expect(priv.snapshot.unavailable[0].kind).toBe('unreachable');
    const report = runPreflight(priv.snapshot, 'cilium');
    expect(report.verdict).toBe('blocked');
    const pdb = report.findings.find((f) => f.check === 'pdb-blocks-drain');
    expect(pdb).toMatchObject({ severity: 'blocker', unverified: true });
    const texts = renderFinding(pdb!, 'en');
    expect(texts.detail).toContain('The API server is private');
    expect(texts.remediation).toContain('do what the recorded reason says (network path, identity, credentials or runCommand), then check again');
    expect(texts.remediation).not.toContain('kubectl create');
    expect(renderFinding(pdb!, 'ja').remediation).toContain('記録された理由に書かれた対処');
  }, 30_000);

  it('the progress node reader reads a private Entra cluster through runCommand, and keeps the path for the next poll', async () => {
    const clients = clientsWith(new EmulatorTokenCredential());
    const read = createNodeReader((s) => clients.containerService(s), clients.kubeAccess);
    const op = { clusterId: ref('aks-private').id, subscriptionId: SUB, resourceGroup: 'rg-demo', clusterName: 'aks-private' } as OperationRecord;
    const before = emu.requests().length;
    const nodes = await read(op);
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.name.length > 0 && n.pool)).toBe(true);
    const again = await read(op);
    expect(again.map((n) => n.name)).toEqual(nodes.map((n) => n.name));
    const posts = runCommands('aks-private', before);
    expect(posts).toHaveLength(2);
    // One credentials fetch and one cluster read for both polls (the session is kept).
    expect(emu.requests().slice(before).filter((r) => r.path.endsWith('/listClusterUserCredential'))).toHaveLength(1);
  }, 40_000);
});

describe('runCommand refused (fakes at the SDK edge)', () => {
  const kubeconfigValue = (server: string) => new TextEncoder().encode(`apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: { server: "${server}", certificate-authority-data: ${Buffer.from(emu.caPem).toString('base64')} }
users:
- name: u
  user: { token: t }
contexts:
- name: x
  context: { cluster: c, user: u }
current-context: x
`);
  const fakeAks = (runCommand: () => Promise<unknown>, server = 'https://127.0.0.1:9') => ({
    managedClusters: {
      listClusterUserCredentials: async () => ({ kubeconfigs: [{ name: 'clusterUser', value: kubeconfigValue(server) }] }),
      runCommand: () => ({ pollUntilDone: runCommand }),
    },
  }) as unknown as ContainerServiceClient;
  const target = { resourceGroup: 'rg', name: 'aks-p', access: { privateCluster: true, privateClusterPublicFqdn: false, authorizedIpRanges: [], runCommandDisabled: false } };

  it('403 on runCommand names the action to grant', async () => {
    const session = new AksKubernetesSession(fakeAks(() => Promise.reject(new RestError('The client does not have authorization to perform action runCommand/action', { statusCode: 403 }))),
      target, { runCommand: true });
    const read = await session.read();
    expect(read.via).toBe('run-command');
    expect(read.failures).toHaveLength(4);
    expect(read.failures[0].reason).toMatch(/^Kubernetes: read through AKS runCommand because the API server is private \(apiServerAccessProfile\.enablePrivateCluster\); runCommand forbidden \(403\)/);
    expect(read.failures[0].reason).toContain(`Grant NetPilot's identity ${RUN_COMMAND_ACTION}`);
  });

  it('a command that exits non-zero (kubectl Forbidden) says runCommand failed and what to grant', async () => {
    const session = new AksKubernetesSession(fakeAks(async () => ({ provisioningState: 'Succeeded', exitCode: 1,
      logs: 'Error from server (Forbidden): nodes is forbidden: User "x" cannot list resource "nodes"\n' })), target, { runCommand: true });
    const read = await session.read(['nodes']);
    expect(read.failures[0].reason).toMatch(/runCommand failed \(Succeeded, exit 1\): Error from server \(Forbidden\)/);
    expect(read.failures[0].reason).toContain('grant it read access to nodes');
  });

  it('disableRunCommand on the cluster: no runCommand, the unreachable reason says runCommand is disabled', async () => {
    const calls: string[] = [];
    const blackhole = emu.unreachableUrl;
    const session = new AksKubernetesSession(fakeAks(async () => { calls.push('run'); return {}; }, blackhole),
      { ...target, access: { ...target.access, runCommandDisabled: true } }, { runCommand: true, probeTimeoutMs: 200 });
    const read = await session.read(['nodes']);
    expect(calls).toEqual([]);
    expect(read.failures[0].reason).toContain('runCommand is disabled on this cluster (apiServerAccessProfile.disableRunCommand)');
  });
});
