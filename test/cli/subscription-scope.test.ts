// The CLI stays inside AZURE_SUBSCRIPTION_IDS (production rules against the emulator) and says plainly
// when a subscription does not exist.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/index.ts';
import { cleanEnv, runCli, tempDir } from './spawn-netpilot.ts';

const DEMO_SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
const OTHER_SUB = '11111111-2222-3333-4444-555555555555';

let emulator: RunningEmulator;
let dir: string;
beforeAll(async () => {
  dir = tempDir('np-cli-scope-');
  emulator = await startEmulator({ dataDir: join(dir, 'data') });
});
afterAll(async () => {
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('CLI subscription scope', () => {
  it('refuses -s and a resource id outside AZURE_SUBSCRIPTION_IDS; no request names that subscription', async () => {
    const env = cleanEnv({ AZURE_SUBSCRIPTION_IDS: DEMO_SUB, NETPILOT_EMULATOR_URL: emulator.url, NETPILOT_DATA_DIR: join(dir, 'data') });
    const flag = await runCli(['preflight', 'aks-legacy', '-s', OTHER_SUB, '--target', 'overlay'], env, dir);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain(`NetPilot is not configured to use subscription ${OTHER_SUB}`);
    expect(flag.stderr).toContain(`configured subscription (${DEMO_SUB})`);
    expect(flag.stderr).toContain('AZURE_SUBSCRIPTION_IDS');
    const id = `/subscriptions/${OTHER_SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy`;
    const byId = await runCli(['snapshot', id], env, dir);
    expect(byId.code).toBe(2);
    expect(byId.stderr).toMatch(/NetPilot is not configured to use subscription/);
    // The chat test (test/bot/azure-failures.test.ts) shows the in-scope subscription is still read.
    expect(emulator.requests().map((r) => r.path.toLowerCase()).filter((p) => p.includes(OTHER_SUB))).toEqual([]);
  }, 120_000);

  it('names a subscription that does not exist, with what to do', async () => {
    const env = cleanEnv({ NETPILOT_DATA_DIR: join(dir, 'demo') });
    const r = await runCli(['preflight', 'aks-legacy', '-s', '00000000-0000-0000-0000-000000000000', '--target', 'overlay'], env, dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/subscription 00000000-0000-0000-0000-000000000000 does not exist.*Reader role/);
  }, 120_000);
});
