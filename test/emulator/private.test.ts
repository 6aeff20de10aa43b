// Private clusters and authorized IP ranges (spec §8): the kubeconfig's server is a listener of the
// emulator on 127.0.0.1 that accepts TCP and never answers; runCommand reaches the cluster instead.
import { connect as tlsConnect } from 'node:tls';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { aksClient, kubeConfigFor, SUB, tokenFor } from './helpers.ts';

/** What a TLS client got within `boundMs`: bytes, whether the handshake finished, and how it ended. */
function probeTls(url: string, boundMs: number): Promise<{ connected: boolean; secure: boolean; bytes: number; ended: 'timeout' | 'close' | 'error' }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let connected = false;
    let secure = false;
    let bytes = 0;
    const socket = tlsConnect({ host: hostname, port: Number(port), rejectUnauthorized: false });
    socket.on('connect', () => { connected = true; });
    socket.on('secureConnect', () => { secure = true; });
    socket.on('data', (d: Buffer) => { bytes += d.length; });
    const done = (ended: 'timeout' | 'close' | 'error') => {
      socket.destroy();
      resolve({ connected, secure, bytes, ended });
    };
    socket.setTimeout(boundMs, () => done('timeout'));
    socket.on('error', () => done('error'));
    socket.on('close', () => done('close'));
  });
}

const fleetWith = (name: string, access: Record<string, unknown>) => ({ clusters: [{ cluster: {
  id: `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.ContainerService/managedClusters/${name}`, location: 'japaneast',
  properties: { kubernetesVersion: '1.30.7', apiServerAccessProfile: access, networkProfile: { networkPlugin: 'azure' },
    agentPoolProfiles: [{ name: 'system', count: 1, mode: 'System', osType: 'Linux' }] } },
kubernetes: { configMaps: [], networkPolicies: [], podDisruptionBudgets: [] } }] });

describe('private API servers', () => {
  let emu: RunningEmulator;
  beforeAll(async () => { emu = await startEmulator({ speed: 1000 }); });
  afterAll(async () => { await emu.stop(); });

  it('points the kubeconfig at the black-hole listener on 127.0.0.1, which accepts and never answers', async () => {
    const kc = await kubeConfigFor(emu, 'aks-private');
    const server = new URL(kc.getCurrentCluster()!.server);
    expect(server.hostname).toBe('127.0.0.1');
    expect(server.origin).toBe(emu.unreachableUrl);
    expect(server.port).not.toBe(String(emu.port));
    const probe = await probeTls(server.href, 300);
    expect(probe).toEqual({ connected: true, secure: false, bytes: 0, ended: 'timeout' });
    // A public cluster's server is the emulator itself.
    expect(new URL((await kubeConfigFor(emu, 'aks-entra')).getCurrentCluster()!.server).origin).toBe(emu.url);
  });

  it('does not answer on the public path of a private cluster either', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = request(`${emu.url}/k8s/${SUB}/rg-demo/aks-private/api/v1/nodes`, { ca: emu.caPem, headers: { authorization: `Bearer ${tokenFor('6dae42f8-4368-4678-94ff-3960e28e3630')}` } },
        (res) => resolve(`answered ${res.statusCode}`));
      req.setTimeout(300, () => { req.destroy(); resolve('no answer'); });
      req.on('error', () => resolve('error'));
      req.end();
    });
    expect(outcome).toBe('no answer');
  });

  it('serves privateFQDN for a private cluster, as AKS does', async () => {
    const c = await aksClient(emu).managedClusters.get('rg-demo', 'aks-private');
    expect(c.apiServerAccessProfile?.enablePrivateCluster).toBe(true);
    expect(c.privateFqdn).toMatch(/^aks-private-rg-demo-6f1e4c-[0-9a-f]{8}\.[0-9a-f-]{36}\.privatelink\.japaneast\.azmk8s\.io$/);
    expect((await aksClient(emu).managedClusters.get('rg-demo', 'aks-entra')).privateFqdn).toBeUndefined();
  });

  it('closes held connections when the emulator stops', async () => {
    const own = await startEmulator({});
    const server = new URL((await kubeConfigFor(own, 'aks-private')).getCurrentCluster()!.server);
    const closed = new Promise<string>((resolve) => {
      const socket = tlsConnect({ host: '127.0.0.1', port: Number(server.port), rejectUnauthorized: false });
      socket.on('error', () => resolve('closed'));
      socket.on('close', () => resolve('closed'));
      socket.on('connect', () => { void own.stop(); });
    });
    expect(await closed).toBe('closed');
  });
});

describe('authorized IP ranges', () => {
  it.each([
    [['203.0.113.0/24'], 'unreachable'],
    [['198.51.100.7'], 'unreachable'],
    [['203.0.113.0/24', '127.0.0.1/32'], 'reachable'],
    [['127.0.0.0/8'], 'reachable'],
    [[], 'reachable'],
  ])('%j: the API server is %s from 127.0.0.1', async (ranges, expected) => {
    const emu = await startEmulator({ fleet: fleetWith('aks-ip', { authorizedIPRanges: ranges }) });
    try {
      const kc = await kubeConfigFor(emu, 'aks-ip', 'rg-x');
      const origin = new URL(kc.getCurrentCluster()!.server).origin;
      expect(origin).toBe(expected === 'reachable' ? emu.url : emu.unreachableUrl);
    } finally {
      await emu.stop();
    }
  });
});
