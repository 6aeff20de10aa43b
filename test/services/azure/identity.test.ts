// AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_CLIENT_SECRET (environment or .env) reach the Azure
// credential, and real Azure mode probes one ARM token at start-up: none -> a clear UserError and
// the bot never listens. Fake @azure/identity classes: no request leaves the machine.
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../bot/logger.ts';
import { startNetPilot } from '../../../bot/start.ts';
import { openBackend, type EmulatorStarter } from '../../../services/azure/backend.ts';
import { createDefaultCredential, type CredentialConstructors } from '../../../services/azure/clients.ts';
import { UserError } from '../../../services/cluster/errors.ts';
import { loadConfig, loadDotEnv } from '../../../services/config.ts';

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const CLIENT = '11111111-2222-3333-4444-555555555555';
const TENANT = '99999999-8888-7777-6666-555555555555';
const noEmulator: EmulatorStarter = async () => { throw new Error('must not start an emulator'); };

const dirs: string[] = [];
const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'np-identity-')); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** Fake @azure/identity classes recording how they were built and which scopes were asked. */
function fakeIdentity(token: (scope: string) => Promise<AccessToken | null>) {
  const built: { kind: string; args: unknown[] }[] = [];
  const scopes: string[] = [];
  class Fake implements TokenCredential {
    async getToken(s: string | string[]) {
      const scope = Array.isArray(s) ? s[0] : s;
      scopes.push(scope);
      return token(scope);
    }
  }
  const constructors: CredentialConstructors = {
    ClientSecretCredential: class extends Fake { constructor(...args: unknown[]) { super(); built.push({ kind: 'ClientSecretCredential', args }); } },
    DefaultAzureCredential: class extends Fake { constructor(...args: unknown[]) { super(); built.push({ kind: 'DefaultAzureCredential', args }); } },
  };
  return { constructors, built, scopes };
}
const okToken = async () => ({ token: 'arm-token', expiresOnTimestamp: Date.now() + 3_600_000 });

describe('createDefaultCredential', () => {
  it('a secret: ClientSecretCredential(tenant, client, secret) with the cloud\'s authority', async () => {
    const fake = fakeIdentity(okToken);
    await createDefaultCredential('AzureUSGovernment', { clientId: CLIENT, tenantId: TENANT, clientSecret: 's3cret' }, fake.constructors);
    expect(fake.built).toEqual([{ kind: 'ClientSecretCredential', args: [TENANT, CLIENT, 's3cret', { authorityHost: 'https://login.microsoftonline.us' }] }]);
  });

  it('no secret: DefaultAzureCredential with the client id as managed / workload identity and the tenant', async () => {
    const fake = fakeIdentity(okToken);
    await createDefaultCredential('AzureCloud', { clientId: CLIENT, tenantId: TENANT }, fake.constructors);
    await createDefaultCredential('AzureChinaCloud', {}, fake.constructors);
    expect(fake.built).toEqual([
      { kind: 'DefaultAzureCredential', args: [{ authorityHost: 'https://login.microsoftonline.com', tenantId: TENANT, managedIdentityClientId: CLIENT, workloadIdentityClientId: CLIENT }] },
      { kind: 'DefaultAzureCredential', args: [{ authorityHost: 'https://login.chinacloudapi.cn' }] },
    ]);
  });

  it('a secret without a tenant is a UserError naming AZURE_TENANT_ID', async () => {
    const err = await createDefaultCredential('AzureCloud', { clientId: CLIENT, clientSecret: 'x' }, fakeIdentity(okToken).constructors).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('AZURE_TENANT_ID: required when AZURE_CLIENT_SECRET is set (a service principal signs in to its tenant)');
  });
});

describe('openBackend in real Azure mode', () => {
  it('identity settings from .env reach the credential; the start-up probe asks one ARM token', async () => {
    const dir = tmp();
    writeFileSync(join(dir, '.env'), `AZURE_CLIENT_ID=${CLIENT}\nAZURE_TENANT_ID=${TENANT}\nAZURE_CLIENT_SECRET=from-dotenv\n`);
    const config = loadConfig(loadDotEnv(join(dir, '.env'), { AZURE_SUBSCRIPTION_IDS: SUB }), { role: 'cli', cwd: dir });
    const fake = fakeIdentity(okToken);
    const backend = await openBackend(config, noEmulator, undefined, { credentialConstructors: fake.constructors });
    try {
      expect(backend.mode).toBe('azure');
      expect(fake.built).toEqual([{ kind: 'ClientSecretCredential', args: [TENANT, CLIENT, 'from-dotenv', { authorityHost: 'https://login.microsoftonline.com' }] }]);
      await backend.probeCredential();
      expect(fake.scopes).toEqual(['https://management.azure.com/.default']);
      // The Kubernetes readers use the same credential.
      expect(backend.clients.kubeAccess.credential).toBe(backend.clients.credential);
      expect(backend.clients.kubeAccess.runCommand).toBe(true);
    } finally {
      await backend.close();
    }
  });

  it('no token: the probe throws a UserError that names the identity and what to set', async () => {
    const config = loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB, AZURE_CLIENT_ID: CLIENT, NETPILOT_RUN_COMMAND: '0' }, { role: 'cli' });
    const fake = fakeIdentity(async () => { throw new Error('ManagedIdentityCredential: no managed identity endpoint found.\nmore detail'); });
    const backend = await openBackend(config, noEmulator, undefined, { credentialConstructors: fake.constructors });
    expect(backend.clients.kubeAccess.runCommand).toBe(false);
    const err = await backend.probeCredential().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).code).toBe('AzureCredentialUnavailable');
    expect((err as UserError).message).toBe(`no Azure token for https://management.azure.com/.default from the managed identity ${CLIENT}: ManagedIdentityCredential: no managed identity endpoint found.`);
    expect((err as UserError).hint).toContain('AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET');
  });

  it('emulator with production rules (AZURE_SUBSCRIPTION_IDS + NETPILOT_EMULATOR_URL) uses the emulator credential, not Azure', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'emulator-ca.pem'), '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n');
    const config = loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB, NETPILOT_EMULATOR_URL: 'https://127.0.0.1:9', NETPILOT_DATA_DIR: dir }, { role: 'cli' });
    const fake = fakeIdentity(okToken);
    const backend = await openBackend(config, noEmulator, undefined, { credentialConstructors: fake.constructors });
    expect(backend.mode).toBe('emulator');
    expect(fake.built).toEqual([]);
    await backend.probeCredential();
    expect(fake.scopes).toEqual([]);
    const token = await backend.clients.credential.getToken('6dae42f8-4368-4678-94ff-3960e28e3630/.default');
    const claims = JSON.parse(Buffer.from(token!.token.split('.')[1], 'base64url').toString('utf8')) as { aud: string };
    expect(claims.aud).toBe('6dae42f8-4368-4678-94ff-3960e28e3630');
  });
});

describe('startNetPilot in real Azure mode without a token', () => {
  it('fails with the UserError before the bot listens; nothing is left running', async () => {
    const dataDir = tmp();
    const config = loadConfig({
      AZURE_SUBSCRIPTION_IDS: SUB, NETPILOT_DATA_DIR: dataDir, NETPILOT_PLAYGROUND: '0',
      MicrosoftAppId: CLIENT, MicrosoftAppPassword: 'pw', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT,
    });
    const fake = fakeIdentity(async () => null);
    const logs: string[] = [];
    const logger = createLogger({ level: 'info', destination: new Writable({ write: (c, _e, cb) => { logs.push(String(c)); cb(); } }) });
    const err = await startNetPilot(config, { logger, port: 0, credentialConstructors: fake.constructors }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/^no Azure token for https:\/\/management\.azure\.com\/\.default from DefaultAzureCredential .*: the credential returned no token$/);
    expect(fake.scopes).toEqual(['https://management.azure.com/.default']);
    expect(logs.join('')).not.toContain('bot listening');
  });
});
