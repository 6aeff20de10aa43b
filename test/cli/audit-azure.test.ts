// `netpilot audit verify` with NETPILOT_STORE=azure: the chain in Azure Table Storage (Azurite), in-process.
import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditCommand } from '../../cli/audit.ts';
import { startAzurite, type AzuriteInstance } from '../../emulator/azurite.ts';
import { openAzureStore } from '../../services/store/azure/factory.ts';
import { DEFAULT_TABLE_PREFIX } from '../../services/store/azure/factory.ts';

let azurite: AzuriteInstance;
beforeAll(async () => { azurite = await startAzurite(); });
afterAll(async () => { await azurite?.stop(); });
afterEach(() => { vi.unstubAllEnvs(); vi.restoreAllMocks(); });

async function run(args: string[] = []): Promise<{ code: number; out: string }> {
  vi.stubEnv('NETPILOT_STORE', 'azure');
  vi.stubEnv('AZURE_STORAGE_CONNECTION_STRING', azurite.connectionString);
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out += String(chunk); return true; });
  const code = await auditCommand(['verify', ...args], { LANG: 'en_US.UTF-8' });
  return { code, out };
}

describe('netpilot audit verify on the Azure store', { timeout: 60_000 }, () => {
  it('no tables yet: "no store" naming the account; then intact; then the changed entry is named', async () => {
    await expect(run()).rejects.toThrow(/no store at http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1 \(tables netpilot\*\)/);
    const store = await openAzureStore({ connectionString: azurite.connectionString });
    try {
      for (let i = 1; i <= 3; i++) store.audit.append({ kind: 'requested', requestId: `r${i}`, clusterId: '/c', at: `2026-02-0${i}T10:00:00.000Z` });
    } finally {
      store.close();
    }
    const intact = await run();
    expect(intact.code).toBe(0);
    expect(intact.out).toMatch(/^audit chain intact: 3 entries, last #3 at 2026-02-03T10:00:00.000Z, head [0-9a-f]{12}/);
    const table = TableClient.fromConnectionString(azurite.connectionString, `${DEFAULT_TABLE_PREFIX}Audit`, { allowInsecureConnection: true });
    await table.updateEntity({ partitionKey: 'audit', rowKey: String(1e12 - 2).padStart(12, '0'), actor_id: 'mallory' }, 'Merge', { etag: '*' });
    const broken = await run(['--lang', 'ja']);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/エントリ #2（2026-02-02T10:00:00.000Z）: 内容がハッシュと一致しません/);
  });

  it('misconfiguration is a clear error naming the variable, never its value', async () => {
    vi.stubEnv('NETPILOT_STORE', 'azure');
    const secret = `k${randomBytes(8).toString('hex')}`;
    vi.stubEnv('AZURE_STORAGE_CONNECTION_STRING', `DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=${secret};TableEndpoint=http://10.0.0.5:10002/acct`);
    const err = await auditCommand(['verify'], {}).then(() => undefined, (e: Error & { problems?: string[] }) => e);
    const text = `${err?.message} ${err?.problems?.join(' ')}`;
    expect(text).toMatch(/AZURE_STORAGE_CONNECTION_STRING: http:\/\/ endpoints are accepted only on 127\.0\.0\.1/);
    expect(text).not.toContain(secret);
  });
});
