// Real clients pointed at a running emulator, as the product builds them.
import { ContainerServiceClient, type ManagedCluster } from '@azure/arm-containerservice';
import { NetworkManagementClient } from '@azure/arm-network';
import type { TokenCredential } from '@azure/core-auth';
import * as k8s from '@kubernetes/client-node';
import type { RunningEmulator } from '../../emulator/index.ts';

/** The demo fleet's subscription. */
export const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';

/** An unsigned JWT (`alg: none`) with the given claims; `aud` and `exp` are what the emulator checks. */
export function jwt(claims: Record<string, unknown>): string {
  const seg = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${seg({ alg: 'none', typ: 'JWT' })}.${seg({ iat: Math.floor(Date.now() / 1000), ...claims })}.`;
}

/** A token for `aud`, valid for an hour (or expired `expiredSecondsAgo` ago). */
export function tokenFor(aud: string, expiredSecondsAgo?: number): string {
  const exp = Math.floor(Date.now() / 1000) + (expiredSecondsAgo === undefined ? 3600 : -expiredSecondsAgo);
  return jwt({ aud, exp, tid: '3c0e4a1b-6d2f-4e8a-9b7c-5d1f2e3a4b6c', oid: '00000000-0000-0000-0000-0000000000aa' });
}

/** `Authorization` header of an ARM request with a valid ARM token. */
export const ARM_AUTH: Record<string, string> = { authorization: `Bearer ${tokenFor('https://management.azure.com/')}` };

/** A test credential minting ARM-audience JWTs for the requested scope, as the product's emulator credential does. */
export const credential: TokenCredential = {
  getToken: async (scopes) => {
    const scope = Array.isArray(scopes) ? scopes[0] : scopes;
    return { token: tokenFor(scope.replace(/\/\.default$/, '')), expiresOnTimestamp: Date.now() + 3600e3 };
  },
};

/** ContainerServiceClient against the emulator (25.3.0 takes `credentials.scopes`, not `credentialScopes`). */
export function aksClient(emu: RunningEmulator, sub = SUB): ContainerServiceClient {
  return new ContainerServiceClient(credential, sub, {
    endpoint: emu.url,
    credentials: { scopes: ['https://management.azure.com/.default'] },
    tlsOptions: { ca: emu.caPem },
    retryOptions: { maxRetries: 0 },
  });
}

/** NetworkManagementClient against the emulator. */
export function networkClient(emu: RunningEmulator, sub = SUB): NetworkManagementClient {
  return new NetworkManagementClient(credential, sub, {
    endpoint: emu.url,
    credentialScopes: ['https://management.azure.com/.default'],
    tlsOptions: { ca: emu.caPem },
  });
}

/** KubeConfig from listClusterUserCredentials, as the product gets it. */
export async function kubeConfigFor(emu: RunningEmulator, name: string, rg = 'rg-demo', sub = SUB): Promise<k8s.KubeConfig> {
  const creds = await aksClient(emu, sub).managedClusters.listClusterUserCredentials(rg, name);
  const kc = new k8s.KubeConfig();
  kc.loadFromString(Buffer.from(creds.kubeconfigs![0].value!).toString('utf8'));
  return kc;
}

/** The cluster with its network profile patched, ready to PUT. */
export function withNetwork(c: ManagedCluster, patch: Record<string, string>): ManagedCluster {
  return { ...c, networkProfile: { ...c.networkProfile, ...patch } };
}

/** A raw HTTPS request to the emulator (Node's fetch cannot take a CA, so use https). */
export async function raw(emu: RunningEmulator, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: unknown }> {
  const https = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = https.request(`${emu.url}${path}`, { method, headers, ca: emu.caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) as unknown : undefined });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

/** The AKS Entra ID server application (token audience of an Entra cluster's API server). */
export const AKS_SERVER = '6dae42f8-4368-4678-94ff-3960e28e3630';

/** A clock tests move by hand: timers fire when `advance` passes their due time. */
export function manualClock(start: number): import('../../emulator/index.ts').EmulatorClock & { advance(ms: number): void; set(t: number): void } {
  let now = start;
  let id = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const fireDue = () => {
    for (;;) {
      const due = [...timers.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) return;
      timers.delete(due[0]);
      due[1].fn();
    }
  };
  return {
    now: () => now,
    setTimeout: (fn, ms) => { id += 1; timers.set(id, { at: now + ms, fn }); return id; },
    clearTimeout: (h) => { timers.delete(h as number); },
    advance: (ms) => { now += ms; fireDue(); },
    set: (t) => { now = t; fireDue(); },
  };
}

/** A KubeConfig for the cluster's API server (as the kubeconfig names it) with a bearer token of our own. */
export async function kubeConfigWithToken(emu: RunningEmulator, name: string, token: string): Promise<k8s.KubeConfig> {
  const from = await kubeConfigFor(emu, name);
  const cluster = from.getCurrentCluster()!;
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [cluster],
    users: [{ name: 'test', token }],
    contexts: [{ name: 'test', cluster: cluster.name, user: 'test' }],
    currentContext: 'test',
  });
  return kc;
}
