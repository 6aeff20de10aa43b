// Settings of the Azure store: clear start-up errors for every misconfiguration (config loader and
// factory), allowInsecureConnection only for Azurite on 127.0.0.1.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../services/config.ts';
import { openAzureStore } from '../../../services/store/azure/factory.ts';
import { azureStoreProblem, loopbackHttp, tableEndpoint } from '../../../services/store/azure/options.ts';

const AZURITE = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;';
const KEYS = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net';

function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig({ NETPILOT_STORE: 'azure', ...env });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('Azure store settings', () => {
  it('accepts Azurite, account keys and an https account URL', () => {
    expect(azureStoreProblem({ connectionString: AZURITE })).toBeUndefined();
    expect(azureStoreProblem({ connectionString: KEYS })).toBeUndefined();
    expect(azureStoreProblem({ connectionString: 'UseDevelopmentStorage=true' })).toBeUndefined();
    expect(azureStoreProblem({ accountUrl: 'https://acct.table.core.windows.net' })).toBeUndefined();
    expect(azureStoreProblem({ accountUrl: 'https://acct.blob.core.usgovcloudapi.net/' })).toBeUndefined();
    expect(configProblems({ AZURE_STORAGE_CONNECTION_STRING: AZURITE })).toEqual([]);
    expect(loadConfig({ NETPILOT_STORE: 'azure', AZURE_STORAGE_ACCOUNT_URL: 'https://acct.table.core.windows.net' }).store)
      .toEqual({ kind: 'azure', accountUrl: 'https://acct.table.core.windows.net', connectionString: undefined });
  });

  it('refuses each misconfiguration with a sentence naming the variable, never the secret', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /required when NETPILOT_STORE is azure/],
      [{ AZURE_STORAGE_CONNECTION_STRING: KEYS, AZURE_STORAGE_ACCOUNT_URL: 'https://acct.table.core.windows.net' }, /set one, not both/],
      [{ AZURE_STORAGE_CONNECTION_STRING: 'hello-c2VjcmV0' }, /AZURE_STORAGE_CONNECTION_STRING: not a storage connection string/],
      [{ AZURE_STORAGE_CONNECTION_STRING: AZURITE.replace('127.0.0.1:10002', '10.1.2.3:10002') }, /http:\/\/ endpoints are accepted only on 127\.0\.0\.1/],
      [{ AZURE_STORAGE_CONNECTION_STRING: 'DefaultEndpointsProtocol=http;AccountName=acct;AccountKey=c2VjcmV0' }, /DefaultEndpointsProtocol=http needs a TableEndpoint on 127\.0\.0\.1/],
      [{ AZURE_STORAGE_ACCOUNT_URL: 'http://acct.table.core.windows.net' }, /must be https:\/\//],
      [{ AZURE_STORAGE_ACCOUNT_URL: 'https://127.0.0.1:10002/devstoreaccount1' }, /expected the account endpoint https:\/\/<account>\.table\.core\.windows\.net/],
    ];
    for (const [env, expected] of cases) {
      const problems = configProblems(env);
      expect(problems.join('\n'), JSON.stringify(env)).toMatch(expected);
      expect(problems.join('\n')).not.toContain('c2VjcmV0');
    }
    expect(configProblems({ NETPILOT_STORE: 'sqlite', AZURE_STORAGE_CONNECTION_STRING: 'anything' })).toEqual([]);
    expect(azureStoreProblem({ connectionString: KEYS, tablePrefix: '1bad-prefix' })).toMatch(/letters and digits/);
  });

  it('allows insecure (http) connections only for endpoints on 127.0.0.1', () => {
    expect(loopbackHttp(AZURITE)).toBe(true);
    expect(loopbackHttp('UseDevelopmentStorage=true')).toBe(true);
    expect(loopbackHttp(KEYS)).toBe(false);
    expect(loopbackHttp(AZURITE.replace('BlobEndpoint=http://127.0.0.1', 'BlobEndpoint=http://192.168.1.1'))).toBe(false);
    expect(loopbackHttp(undefined)).toBe(false);
    expect(tableEndpoint('https://acct.blob.core.windows.net/')).toBe('https://acct.table.core.windows.net');
  });

  it('the factory refuses an account URL without a credential, and a credential that gives no token, clearly', async () => {
    await expect(openAzureStore({ accountUrl: 'https://acct.table.core.windows.net' })).rejects.toThrow(/AZURE_STORAGE_ACCOUNT_URL: needs the Azure credential/);
    const credential = { getToken: async () => { throw new Error('ManagedIdentityCredential: no identity endpoint'); } };
    await expect(openAzureStore({ accountUrl: 'https://acct.table.core.windows.net', credential }))
      .rejects.toThrow(/Azure store: the Azure credential gave no Storage token \(https:\/\/storage\.azure\.com\/\.default\): ManagedIdentityCredential: no identity endpoint/);
  });
});
