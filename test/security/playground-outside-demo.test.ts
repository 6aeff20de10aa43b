// Attack surface: the Agents Playground sends no token and hands its child the environment. It never
// starts under production rules or with inbound auth on (a log line says why), and in demo mode its
// child gets a minimal environment: no MicrosoftAppPassword, no AZURE_* secrets, no AZURE_STORAGE_*.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { playgroundEnvironment, startPlayground } from '../../bot/playground.ts';
import { playgroundRefusal } from '../../bot/start.ts';
import { loadConfig } from '../../services/config.ts';
import { startProductionRig, type ProductionRig } from './production-rig.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const SECRETS = {
  MicrosoftAppId: '0b5f3c7e-1d2a-4e8b-9c6f-7a1e2d3c4b5a',
  MicrosoftAppPassword: 'bot-secret-value',
  AZURE_CLIENT_SECRET: 'sp-secret-value',
  AZURE_CLIENT_ID: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d',
  AZURE_TENANT_ID: '7d3c5a1e-4b2f-4c8e-9a61-3f0e2d9b8c11',
  AZURE_STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=storage-secret-value',
  AZURE_STORAGE_ACCOUNT_URL: 'http://127.0.0.1:10000/devstoreaccount1',
  AZURE_SUBSCRIPTION_IDS: '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00',
  NETPILOT_APPROVAL_CHANNEL: '19:ops@thread.tacv2',
};

describe('attack surface: the Agents Playground', () => {
  it('never starts under production rules: a log line says why', async () => {
    const rig: ProductionRig = await startProductionRig();
    cleanups.push(() => rig.stop());
    expect(rig.config.playground).toBe(true); // NETPILOT_PLAYGROUND left at its default
    expect(rig.app.playground).toBeUndefined();
    expect(rig.logs.join('')).toContain('the Agents Playground is not started under production rules');
  }, 60_000);

  it('is refused with inbound auth on even in demo mode; allowed only in plain demo mode', () => {
    expect(playgroundRefusal(loadConfig({ MicrosoftAppId: SECRETS.MicrosoftAppId, MicrosoftAppPassword: 'x' })))
      .toMatch(/inbound auth is on/);
    expect(playgroundRefusal(loadConfig({}))).toBeUndefined();
  });

  it('its child gets a minimal environment: no bot or Azure secret, no NetPilot setting', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'np-pgenv-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    mkdirSync(join(cwd, 'node_modules', '.bin'), { recursive: true });
    const bin = join(cwd, 'node_modules', '.bin', 'agentsplayground');
    const dump = join(cwd, 'child-env.txt');
    writeFileSync(bin, `#!/bin/sh\nenv > "${dump}"\nexit 1\n`);
    chmodSync(bin, 0o755);
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'en_US.UTF-8', ...SECRETS };
    await expect(startPlayground({ botEndpoint: 'http://127.0.0.1:9/api/messages', cwd, env, dataDir: join(cwd, 'data'), startTimeoutMs: 10_000 }))
      .rejects.toThrow(/exited early/);
    const seen = readFileSync(dump, 'utf8');
    for (const [key, value] of Object.entries(SECRETS)) {
      expect(seen).not.toContain(`${key}=`);
      expect(seen).not.toContain(value);
    }
    expect(seen).toContain('TEAMSAPPTESTER_BROWSER=none');
    expect(seen).toContain(`PATH=${process.env.PATH}`);
  });

  it('playgroundEnvironment keeps only what a Node program and the playground need', () => {
    expect(playgroundEnvironment({ PATH: '/bin', LC_ALL: 'C', M365_AGENTS_PLAYGROUND_CONFIG_PATH: 'x.yml', ...SECRETS, NODE_OPTIONS: '--require ./evil.js' }))
      .toEqual({ PATH: '/bin', LC_ALL: 'C', M365_AGENTS_PLAYGROUND_CONFIG_PATH: 'x.yml' });
  });
});
