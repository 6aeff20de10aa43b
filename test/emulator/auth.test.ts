// Emulator strictness (spec §8): ARM wants a JWT for the ARM resource; an Entra ID cluster's API
// server a JWT for the AKS server application; local accounts can be disabled. Real clients over HTTPS.
import * as k8s from '@kubernetes/client-node';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { createAzureClients, EmulatorTokenCredential, scopeResource } from '../../services/azure/clients.ts';
import { AKS_SERVER, aksClient, jwt, kubeConfigFor, kubeConfigWithToken, raw, SUB, tokenFor } from './helpers.ts';

const LIST = `/subscriptions/${SUB}/providers/Microsoft.ContainerService/managedClusters?api-version=2026-04-01`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('ARM bearer tokens', () => {
  let emu: RunningEmulator;
  beforeAll(async () => { emu = await startEmulator({ speed: 1000 }); });
  afterAll(async () => { await emu.stop(); });

  it('accepts a JWT for the ARM resource: the emulator URL (with or without slash) and the public cloud ones', async () => {
    for (const aud of [emu.url, `${emu.url}/`, 'https://management.azure.com', 'https://management.azure.com/', 'https://management.core.windows.net/']) {
      expect((await raw(emu, 'GET', LIST, bearer(tokenFor(aud)))).status, aud).toBe(200);
    }
  });

  it('answers 401 as ARM does for another audience, an expired token and a token that is not a JWT', async () => {
    const wrong = await raw(emu, 'GET', LIST, bearer(tokenFor(AKS_SERVER)));
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: { code: 'InvalidAuthenticationTokenAudience' } });
    expect((wrong.json as { error: { message: string } }).error.message).toContain(AKS_SERVER);
    expect(wrong.headers['www-authenticate']).toMatch(/^Bearer authorization_uri="https:\/\/login\.windows\.net\/", error="invalid_token"/);
    const other = await raw(emu, 'GET', LIST, bearer(tokenFor('https://graph.microsoft.com')));
    expect(other.status).toBe(401);
    const expired = await raw(emu, 'GET', LIST, bearer(tokenFor('https://management.azure.com/', 3600)));
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ error: { code: 'ExpiredAuthenticationToken' } });
    const opaque = await raw(emu, 'GET', LIST, bearer('netpilot-emulator-token'));
    expect(opaque.status).toBe(401);
    expect(opaque.json).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    expect(opaque.headers['www-authenticate']).toContain('invalid_token');
    const noExp = await raw(emu, 'GET', LIST, bearer(jwt({ aud: 'https://management.azure.com/' })));
    expect(noExp.status).toBe(401);
  });

  it('keeps /_emulator/log open and records the refusals', async () => {
    const r = await raw(emu, 'GET', '/_emulator/log');
    expect(r.status).toBe(200);
    expect((r.json as { status: number }[]).some((e) => e.status === 401)).toBe(true);
  });

  it('the product credential (EmulatorTokenCredential) mints unsigned JWTs for the scope resource that ARM accepts', async () => {
    const credential = new EmulatorTokenCredential();
    const token = await credential.getToken(`${emu.url}/.default`);
    const [header, payload, signature] = token.token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'none', typ: 'JWT' });
    expect(signature).toBe('');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ aud: emu.url, tid: expect.any(String), oid: expect.any(String) });
    expect(claims.exp).toBe(Math.floor(token.expiresOnTimestamp / 1000));
    expect(Number(claims.iat)).toBeLessThanOrEqual(Number(claims.exp));
    expect(scopeResource('https://management.core.windows.net//.default')).toBe('https://management.core.windows.net/');
    const aksToken = await credential.getToken([`${AKS_SERVER}/.default`]);
    expect(JSON.parse(Buffer.from(aksToken.token.split('.')[1], 'base64url').toString()).aud).toBe(AKS_SERVER);

    const clients = createAzureClients({ endpoint: emu.url, scope: `${emu.url}/.default`, credential, caPem: emu.caPem, retry: { maxRetries: 0 } });
    expect((await clients.listSubscriptions()).map((s) => s.subscriptionId)).toEqual([SUB]);
    // The same credential asked for the wrong scope fails exactly as against Azure.
    const wrongScope = createAzureClients({ endpoint: emu.url, scope: `${AKS_SERVER}/.default`, credential, caPem: emu.caPem, retry: { maxRetries: 0 } });
    await expect(wrongScope.containerService(SUB).managedClusters.get('rg-demo', 'aks-legacy')).rejects.toMatchObject({ statusCode: 401 });
  });
});

describe('Entra ID clusters (aadProfile.managed) and disabled local accounts', () => {
  let emu: RunningEmulator;
  beforeAll(async () => { emu = await startEmulator({ speed: 1000 }); });
  afterAll(async () => { await emu.stop(); });

  it('hands out the kubelogin exec kubeconfig AKS gives for an Entra ID cluster', async () => {
    const creds = await aksClient(emu).managedClusters.listClusterUserCredentials('rg-demo', 'aks-entra');
    const config = parse(Buffer.from(creds.kubeconfigs![0].value!).toString('utf8')) as { users: { name: string; user: Record<string, unknown> }[]; clusters: { cluster: { server: string } }[] };
    expect(creds.kubeconfigs![0].name).toBe('clusterUser');
    expect(config.users[0].name).toBe('clusterUser_rg-demo_aks-entra');
    expect(config.users[0].user.token).toBeUndefined();
    expect(config.users[0].user.exec).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'kubelogin',
      args: ['get-token', '--login', 'devicecode', '--server-id', AKS_SERVER, '--client-id', '80faf920-1908-4b52-b5ef-a8e7bedfc67a',
        '--tenant-id', '3c0e4a1b-6d2f-4e8a-9b7c-5d1f2e3a4b6c', '--environment', 'AzurePublicCloud'],
      env: null,
      installHint: expect.stringContaining('kubelogin is not installed'),
      interactiveMode: 'IfAvailable',
      provideClusterInfo: false,
    });
    expect(config.clusters[0].cluster.server).toBe(`${emu.url}/k8s/${SUB}/rg-demo/aks-entra`);
    // A cluster without Entra ID keeps its static token.
    expect((await kubeConfigFor(emu, 'aks-legacy')).getCurrentUser()?.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets client-node read an Entra ID cluster only with a token for the AKS server application', async () => {
    const good = (await kubeConfigWithToken(emu, 'aks-entra', tokenFor(AKS_SERVER))).makeApiClient(k8s.CoreV1Api);
    const nodes = (await good.listNode()).items;
    expect(nodes.map((n) => n.metadata?.name)).toHaveLength(5);
    for (const token of [tokenFor('https://management.azure.com/'), tokenFor(AKS_SERVER, 3600), 'not-a-jwt']) {
      const bad = (await kubeConfigWithToken(emu, 'aks-entra', token)).makeApiClient(k8s.CoreV1Api);
      await expect(bad.listNode()).rejects.toMatchObject({ code: 401 });
    }
    const status = await raw(emu, 'GET', `/k8s/${SUB}/rg-demo/aks-entra/api/v1/nodes`, bearer(tokenFor(emu.url)));
    expect(status).toMatchObject({ status: 401, json: { kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 } });
  });

  it('refuses the admin (static) credential when local accounts are disabled, with the AKS message', async () => {
    const err = await aksClient(emu).managedClusters.listClusterAdminCredentials('rg-demo', 'aks-entra').then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect((err as Error).message).toBe('Getting static credential is not allowed because this cluster is set to disable local accounts.');
    // Local accounts on (every other demo cluster): the admin kubeconfig carries the static token and reads.
    const admin = await aksClient(emu).managedClusters.listClusterAdminCredentials('rg-demo', 'aks-legacy');
    const kc = new k8s.KubeConfig();
    kc.loadFromString(Buffer.from(admin.kubeconfigs![0].value!).toString('utf8'));
    expect((await kc.makeApiClient(k8s.CoreV1Api).listNode()).items.length).toBeGreaterThan(0);
  });

  it('accepts the static token of an Entra ID cluster only while local accounts are enabled', async () => {
    const fleet = { clusters: [{ cluster: { id: `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.ContainerService/managedClusters/aad-local`,
      location: 'japaneast', properties: { kubernetesVersion: '1.30.7', aadProfile: { managed: true }, disableLocalAccounts: false,
        networkProfile: { networkPlugin: 'azure' }, agentPoolProfiles: [{ name: 'system', count: 1, mode: 'System', osType: 'Linux' }] } },
    kubernetes: { configMaps: [], networkPolicies: [], podDisruptionBudgets: [] } }] };
    const local = await startEmulator({ fleet });
    try {
      const client = aksClient(local);
      const admin = await client.managedClusters.listClusterAdminCredentials('rg-x', 'aad-local');
      const kc = new k8s.KubeConfig();
      kc.loadFromString(Buffer.from(admin.kubeconfigs![0].value!).toString('utf8'));
      expect(kc.getCurrentUser()?.token).toMatch(/^[0-9a-f]{64}$/);
      expect((await kc.makeApiClient(k8s.CoreV1Api).listNode()).items).toHaveLength(1);
      const user = await client.managedClusters.listClusterUserCredentials('rg-x', 'aad-local');
      expect(Buffer.from(user.kubeconfigs![0].value!).toString('utf8')).toContain('command: kubelogin');
    } finally {
      await local.stop();
    }
  });
});


