import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, loadDotEnv } from '../../services/config.ts';
import { UserError } from '../../services/cluster/errors.ts';

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const APP = '11111111-2222-3333-4444-555555555555';
const TENANT = '99999999-8888-7777-6666-555555555555';
const AUTH = { MicrosoftAppId: '11111111-2222-3333-4444-555555555555', MicrosoftAppPassword: 'bot-secret' };

function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toBeInstanceOf(UserError);
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment (demo mode)', () => {
    const c = loadConfig({}, { cwd: '/srv/app' });
    expect(c.azureMode).toBe('emulator-in-process');
    expect(c.port).toBe(3978);
    expect(c.pollSeconds).toBe(15);
    expect(c.emulatorSpeed).toBe(20);
    expect(c.playground).toBe(true);
    expect(c.dataDir).toBe('/srv/app/.netpilot');
    expect(c.fleetFile).toBeUndefined();
    expect(c.emulatorPort).toBeUndefined();
    expect(c.approvalTtlMinutes).toBe(240);
    expect(c.botExecute).toBe(true);
    expect(c.allowSelfApproval).toBe(false);
    expect(c.logLevel).toBe('info');
    expect(c.approvers).toEqual([]);
    expect(c.subscriptionIds).toEqual([]);
    expect(c.bot).toEqual({ appId: undefined, appPassword: undefined, appType: 'MultiTenant', appTenantId: undefined });
    expect(c.armEndpoint).toBe('https://management.azure.com');
    expect(c.armScope).toBe('https://management.azure.com/.default');
  });

  it('treats empty strings as unset', () => {
    const c = loadConfig({ PORT: '', AZURE_SUBSCRIPTION_IDS: '  ', MicrosoftAppId: '', NETPILOT_EMULATOR_URL: '' });
    expect(c.port).toBe(3978);
    expect(c.azureMode).toBe('emulator-in-process');
  });

  it('derives each Azure mode', () => {
    expect(loadConfig({ AZURE_SUBSCRIPTION_IDS: `${SUB}, ${SUB.replace('6f', '7f')}`, ...AUTH }).azureMode).toBe('azure');
    const ext = loadConfig({ NETPILOT_EMULATOR_URL: 'https://127.0.0.1:8443/' });
    expect(ext.azureMode).toBe('emulator-external');
    expect(ext.emulatorUrl).toBe('https://127.0.0.1:8443');
    // Subscriptions + an emulator URL: production rules against that emulator (spec §8).
    const prod = loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB, NETPILOT_EMULATOR_URL: 'https://127.0.0.1:1', ...AUTH });
    expect(prod.azureMode).toBe('emulator-external');
    expect(prod.productionRules).toBe(true);
    expect(prod.subscriptionIds).toEqual([SUB]);
    expect(ext.productionRules).toBe(false);
  });

  it('refuses Azure mode without inbound Bot Framework auth, naming the missing variables', () => {
    for (const extra of [{}, { NETPILOT_EMULATOR_URL: 'https://127.0.0.1:1' }]) {
      expect(() => loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB, ...extra })).toThrow(/MicrosoftAppId, MicrosoftAppPassword: required when AZURE_SUBSCRIPTION_IDS is set/);
    }
    expect(() => loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB, MicrosoftAppId: AUTH.MicrosoftAppId }))
      .toThrow(/MicrosoftAppPassword: required/);
    const msi = loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: AUTH.MicrosoftAppId, MicrosoftAppTenantId: TENANT });
    expect(msi.productionRules).toBe(true);
  });

  it('defaults ALLOWED_TENANTS to MicrosoftAppTenantId under production rules only', () => {
    const prod = loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB, ...AUTH, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT });
    expect(prod.allowedTenants).toEqual([TENANT]);
    const demo = loadConfig({ MicrosoftAppTenantId: TENANT, MicrosoftAppType: 'SingleTenant', ...AUTH });
    expect(demo.allowedTenants).toEqual([]);
  });

  it('reads the second-round variables (spec §8) and keeps the client secret out of describeConfig', () => {
    const c = loadConfig({
      VIEWERS: TENANT, NETPILOT_APPROVAL_CHANNEL: '19:abc@thread.tacv2', NETPILOT_RUN_COMMAND: '0',
      AZURE_CLIENT_ID: AUTH.MicrosoftAppId, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_SECRET: 'hunter2-secret',
    });
    expect(c.viewers).toEqual([TENANT]);
    expect(c.approvalChannel).toBe('19:abc@thread.tacv2');
    expect(c.runCommand).toBe(false);
    expect(c.azureIdentity).toEqual({ clientId: AUTH.MicrosoftAppId, tenantId: TENANT, clientSecret: 'hunter2-secret' });
    expect(describeConfig(c)).not.toContain('hunter2-secret');
    expect(loadConfig({}).runCommand).toBe(true);
    expect(() => loadConfig({ AZURE_CLIENT_SECRET: 'x' })).toThrow(/AZURE_CLIENT_ID: required/);
  });

  it.each([
    ['AzureCloud', 'https://management.azure.com'],
    ['AzureUSGovernment', 'https://management.usgovcloudapi.net'],
    ['AzureChinaCloud', 'https://management.chinacloudapi.cn'],
  ])('maps AZURE_ENVIRONMENT=%s to its ARM endpoint and scope', (name, endpoint) => {
    const c = loadConfig({ AZURE_ENVIRONMENT: name });
    expect(c.armEndpoint).toBe(endpoint);
    expect(c.armScope).toBe(`${endpoint}/.default`);
  });

  it('parses lists, booleans and numbers', () => {
    const c = loadConfig({
      APPROVERS: ` ${APP.toUpperCase()} ,${TENANT}`, REQUESTERS: APP, ALLOWED_TENANTS: TENANT,
      ALLOW_SELF_APPROVAL: 'TRUE', BOT_EXECUTE: '0', APPROVAL_TTL_MINUTES: '30', NETPILOT_PLAYGROUND: '0',
      NETPILOT_EMULATOR_SPEED: '2.5', NETPILOT_POLL_SECONDS: '5', NETPILOT_EMULATOR_PORT: '8443', PORT: '4000',
      LOG_LEVEL: 'debug', NETPILOT_FLEET: 'fleets/x.json', NETPILOT_DATA_DIR: 'data',
    }, { cwd: '/tmp/np' });
    expect(c.approvers).toEqual([APP.toLowerCase(), TENANT]);
    expect(c.requesters).toEqual([APP]);
    expect(c.allowedTenants).toEqual([TENANT]);
    expect(c.allowSelfApproval).toBe(true);
    expect(c.botExecute).toBe(false);
    expect(c.approvalTtlMinutes).toBe(30);
    expect(c.playground).toBe(false);
    expect(c.emulatorSpeed).toBe(2.5);
    expect(c.pollSeconds).toBe(5);
    expect(c.emulatorPort).toBe(8443);
    expect(c.port).toBe(4000);
    expect(c.logLevel).toBe('debug');
    expect(c.fleetFile).toBe('/tmp/np/fleets/x.json');
    expect(c.dataDir).toBe('/tmp/np/data');
  });

  it('lets the caller pick the default emulator speed, and the variable wins over it', () => {
    expect(loadConfig({}, { defaultEmulatorSpeed: 1 }).emulatorSpeed).toBe(1);
    expect(loadConfig({ NETPILOT_EMULATOR_SPEED: '7' }, { defaultEmulatorSpeed: 1 }).emulatorSpeed).toBe(7);
  });

  it('resolves the data dir to an absolute path against the process cwd by default', () => {
    expect(isAbsolute(loadConfig({ NETPILOT_DATA_DIR: 'rel' }).dataDir)).toBe(true);
  });

  it('lists every invalid variable in one error', () => {
    const err = configError({
      PORT: 'eighty', NETPILOT_EMULATOR_SPEED: '-1', NETPILOT_POLL_SECONDS: '0', NETPILOT_EMULATOR_URL: 'http://127.0.0.1:1',
      AZURE_SUBSCRIPTION_IDS: `${SUB},not-a-sub`, AZURE_ENVIRONMENT: 'Mars', APPROVERS: 'alice', ALLOW_SELF_APPROVAL: 'maybe',
      LOG_LEVEL: 'loud', MicrosoftAppId: 'bot', MicrosoftAppPassword: 'pw', MicrosoftAppType: 'Other', APPROVAL_TTL_MINUTES: '1.5',
    });
    const keys = err.problems.map((p) => p.split(':')[0]).sort();
    expect(keys).toEqual([
      'ALLOW_SELF_APPROVAL', 'APPROVAL_TTL_MINUTES', 'APPROVERS', 'AZURE_ENVIRONMENT', 'AZURE_SUBSCRIPTION_IDS', 'LOG_LEVEL',
      'MicrosoftAppId', 'MicrosoftAppType', 'NETPILOT_EMULATOR_SPEED', 'NETPILOT_EMULATOR_URL', 'NETPILOT_POLL_SECONDS', 'PORT',
    ]);
    expect(err.message).toContain('"not-a-sub"');
    expect(err.message).toContain('"alice"');
  });

  it('requires a tenant for SingleTenant and UserAssignedMSI, and a password with an app id', () => {
    expect(configError({ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: APP, MicrosoftAppPassword: 'x' }).problems)
      .toEqual(['MicrosoftAppTenantId: required when MicrosoftAppType is SingleTenant']);
    expect(configError({ MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: APP }).problems)
      .toEqual(['MicrosoftAppTenantId: required when MicrosoftAppType is UserAssignedMSI']);
    expect(configError({ MicrosoftAppId: APP }).problems).toEqual(['MicrosoftAppPassword: required when MicrosoftAppId is set']);
    // Cross-key rules are reported together with plain ones.
    expect(configError({ MicrosoftAppType: 'SingleTenant', PORT: 'x' }).problems.map((p) => p.split(':')[0]).sort())
      .toEqual(['MicrosoftAppTenantId', 'PORT']);
    const ok = loadConfig({ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: APP, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT });
    expect(ok.bot).toEqual({ appId: APP, appPassword: 'x', appType: 'SingleTenant', appTenantId: TENANT });
  });

  it('never shows a secret in an error or in describeConfig', () => {
    const secret = 'S3cr3t~Value.With.Dots';
    const err = configError({ MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: secret, PORT: 'x' });
    expect(err.message).not.toContain(secret);
    const c = loadConfig({ MicrosoftAppId: APP, MicrosoftAppPassword: secret, AZURE_SUBSCRIPTION_IDS: SUB });
    const text = describeConfig(c);
    expect(text).not.toContain(secret);
    expect(text).toContain('password=(set)');
    expect(text).toContain(SUB);
    expect(text).toContain('mode=azure');
  });
});

describe('scale-out and telemetry settings', () => {
  it('lease period and telemetry default to 30 s and off; a connection string selects Azure Monitor and stays secret', () => {
    const d = loadConfig({});
    expect(d.leaseSeconds).toBe(30);
    expect(d.telemetry).toEqual({ exporter: 'off' });
    expect(loadConfig({ NETPILOT_OTEL: 'console', NETPILOT_LEASE_SECONDS: '15' })).toMatchObject({ leaseSeconds: 15, telemetry: { exporter: 'console' } });
    const secret = 'InstrumentationKey=11111111-2222-3333-4444-555555555555;IngestionEndpoint=https://x.example/';
    const ai = loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: secret, NETPILOT_OTEL: 'otlp' });
    expect(ai.telemetry).toEqual({ exporter: 'azure-monitor', connectionString: secret });
    expect(describeConfig(ai)).not.toContain('InstrumentationKey');
    expect(describeConfig(ai)).toContain('telemetry=azure-monitor');
    expect(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: secret, NETPILOT_OTEL: 'off' }).telemetry).toEqual({ exporter: 'off' });
    expect(configError({ NETPILOT_OTEL: 'jaeger', NETPILOT_LEASE_SECONDS: '600' }).problems.map((p) => p.split(':')[0]).sort())
      .toEqual(['NETPILOT_LEASE_SECONDS', 'NETPILOT_OTEL']);
  });
});

describe('loadDotEnv', () => {
  it('merges .env under the given environment without mutating it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'np-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'PORT=4001\nLOG_LEVEL=debug\n# comment\nAPPROVERS=\n');
    const env = { PORT: '5000', OTHER: 'x' };
    const merged = loadDotEnv(file, env);
    expect(merged).toEqual({ PORT: '5000', LOG_LEVEL: 'debug', APPROVERS: '', OTHER: 'x' });
    expect(env).toEqual({ PORT: '5000', OTHER: 'x' });
    expect(loadConfig(merged).logLevel).toBe('debug');
  });

  it('returns a copy of the environment when the file is missing', () => {
    const env = { PORT: '1' };
    const merged = loadDotEnv('/nonexistent/.env', env);
    expect(merged).toEqual(env);
    expect(merged).not.toBe(env);
  });

  it('documents every variable the loader reads in .env.example', async () => {
    const { readFileSync } = await import('node:fs');
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]));
    const source = readFileSync(new URL('../../services/config.ts', import.meta.url), 'utf8');
    const envSchemaBlock = source.slice(source.indexOf('const envSchema'), source.indexOf('/** Cross-variable'));
    const read = [...envSchemaBlock.matchAll(/^ {2}([A-Za-z_]+):/gm)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(20);
    for (const key of read) expect(documented.has(key), key).toBe(true);
    // .env.example itself must load.
    const { parse } = await import('dotenv');
    expect(() => loadConfig(parse(example))).not.toThrow();
  });
});
