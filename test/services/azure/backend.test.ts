import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.ts';
import { UserError } from '../../../services/cluster/errors.ts';
import { EMULATOR_CA_FILE, EMULATOR_STATE_FILE, openBackend, type EmulatorStarter } from '../../../services/azure/backend.ts';
import { loadConfig } from '../../../services/config.ts';

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const noEmulator: EmulatorStarter = async () => { throw new Error('must not start an emulator'); };

describe('openBackend', () => {
  it('in-process: starts the injected emulator with the config and stops it on close', async () => {
    const calls: unknown[] = [];
    let stopped = 0;
    const dataDir = mkdtempSync(join(tmpdir(), 'np-be-'));
    const starter: EmulatorStarter = async (o) => {
      calls.push(o);
      const emu = await startEmulator({ port: o.port, fleetFile: o.fleetFile, speed: o.speed });
      return { url: emu.url, caPem: emu.caPem, stop: async () => { stopped++; await emu.stop(); } };
    };
    const config = loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_EMULATOR_SPEED: '5' });
    const backend = await openBackend(config, starter);
    try {
      expect(backend.mode).toBe('emulator');
      expect(calls).toEqual([{ fleetFile: undefined, speed: 5, dataDir, port: undefined, stateFile: join(dataDir, EMULATOR_STATE_FILE) }]);
      expect(backend.emulatorUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const r = await backend.directory.resolve({ name: 'aks-legacy' });
      expect(r.kind).toBe('found');
    } finally {
      await backend.close();
    }
    expect(stopped).toBe(1);
  });

  it('external: trusts emulator-ca.pem from the data dir and never starts an emulator', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'np-be-'));
    const emu = await startEmulator({ dataDir });
    try {
      const backend = await openBackend(loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_EMULATOR_URL: emu.url }), noEmulator);
      expect(backend.mode).toBe('emulator');
      expect((await backend.directory.list()).length).toBeGreaterThan(0);
      await backend.close();
    } finally {
      await emu.stop();
    }
  });

  it('external with production rules: every client refuses a subscription outside AZURE_SUBSCRIPTION_IDS', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'np-be-'));
    const emu = await startEmulator({ dataDir });
    try {
      const config = loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_EMULATOR_URL: emu.url, AZURE_SUBSCRIPTION_IDS: SUB }, { role: 'cli' });
      const backend = await openBackend(config, noEmulator);
      const other = '11111111-2222-3333-4444-555555555555';
      expect(() => backend.clients.containerService(other, 'write')).toThrow(/not one NetPilot may use/);
      expect(() => backend.clients.network(other)).toThrow(UserError);
      await expect(backend.directory.resolve({ name: 'aks-legacy', subscriptionId: other })).rejects.toMatchObject({ hint: expect.stringContaining(`AZURE_SUBSCRIPTION_IDS: ${SUB}`) });
      expect((await backend.directory.resolve({ name: 'aks-legacy' })).kind).toBe('found');
      expect(emu.requests().filter((r) => r.path.includes(other))).toEqual([]);
    } finally {
      await emu.stop();
    }
  });

  it('external: an untrusted CA fails the TLS handshake (no verification bypass)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'np-be-'));
    const other = await startEmulator({});
    const emu = await startEmulator({});
    try {
      writeFileSync(join(dataDir, EMULATOR_CA_FILE), other.caPem);
      const backend = await openBackend(loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_EMULATOR_URL: emu.url }), noEmulator);
      const clients = backend.clients.containerService(SUB);
      await expect(clients.managedClusters.get('rg-demo', 'aks-legacy')).rejects.toThrow(/certificate|self.signed|unable to verify/i);
    } finally {
      await emu.stop();
      await other.stop();
    }
  });

  it('external: a missing CA file is a clear UserError naming the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'np-be-'));
    const config = loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_EMULATOR_URL: 'https://127.0.0.1:9' });
    const err = await openBackend(config, noEmulator).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain(join(dataDir, EMULATOR_CA_FILE));
  });

  it('azure: configured subscriptions, real endpoint, no emulator', async () => {
    const backend = await openBackend(loadConfig({ AZURE_SUBSCRIPTION_IDS: SUB, AZURE_ENVIRONMENT: 'AzureChinaCloud' }, { role: 'cli' }), noEmulator);
    expect(backend.mode).toBe('azure');
    expect(backend.clients.endpoint).toBe('https://management.chinacloudapi.cn');
    expect(backend.emulatorUrl).toBeUndefined();
    await backend.close();
  });
});
