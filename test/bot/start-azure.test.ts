// startNetPilot with NETPILOT_STORE=azure: the bot opens the Azure Table Storage store (Azurite here),
// another instance sees what it wrote, and unreachable storage is a clear start-up error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/logger.ts';
import { startNetPilot } from '../../bot/start.ts';
import { startAzurite, type AzuriteInstance } from '../../emulator/azurite.ts';
import { loadConfig } from '../../services/config.ts';
import { AZURE_STORE_LAYOUT, openAzureStore } from '../../services/store/azure/factory.ts';

let azurite: AzuriteInstance;
const dirs: string[] = [];
beforeAll(async () => { azurite = await startAzurite(); });
afterAll(async () => {
  await azurite?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'netpilot-start-az-'));
  dirs.push(d);
  return d;
};

describe('startNetPilot on the Azure store', { timeout: 90_000 }, () => {
  it('opens the Azure store; what the bot stores is seen by another instance', async () => {
    const config = loadConfig({ NETPILOT_DATA_DIR: dataDir(), NETPILOT_PLAYGROUND: '0', NETPILOT_STORE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString }, { defaultEmulatorSpeed: 20 });
    const app = await startNetPilot(config, { logger: quiet(), port: 0 });
    try {
      expect(app.store.schemaVersion).toBe(AZURE_STORE_LAYOUT);
      app.store.settings.set('aad-1', 'language', 'ja');
      const other = await openAzureStore({ connectionString: azurite.connectionString });
      try {
        expect(other.settings.get('aad-1', 'language')).toBe('ja');
      } finally {
        other.close();
      }
    } finally {
      await app.stop();
    }
  });

  it('unreachable storage stops the start with a message naming the endpoint', async () => {
    const unreachable = azurite.connectionString.replace(/TableEndpoint=http:\/\/127\.0\.0\.1:\d+/, 'TableEndpoint=http://127.0.0.1:9');
    const config = loadConfig({ NETPILOT_DATA_DIR: dataDir(), NETPILOT_PLAYGROUND: '0', NETPILOT_STORE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: unreachable }, { defaultEmulatorSpeed: 20 });
    await expect(startNetPilot(config, { logger: quiet(), port: 0 }))
      .rejects.toThrow(/Azure store: cannot create or reach the tables at http:\/\/127\.0\.0\.1:9\/devstoreaccount1 \(tables netpilot\*\)/);
  });
});
