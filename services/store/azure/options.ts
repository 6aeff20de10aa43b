// Checks of the Azure store settings, shared by the config loader (a clear start-up error) and the
// factory. No SDK imports here: the config loader stays light.

/** The settings `openAzureStore` needs besides the credential. */
export interface AzureStoreSettings {
  /** `AZURE_STORAGE_CONNECTION_STRING` (Azurite, or account keys). */
  connectionString?: string;
  /** `AZURE_STORAGE_ACCOUNT_URL`: `https://<account>.table.core.windows.net` (or the `.blob.` endpoint). */
  accountUrl?: string;
  /** Prefix of every table name (default `netpilot`). */
  tablePrefix?: string;
}

const ENDPOINT = /(?:Table|Blob|Queue)Endpoint=([^;]+)/gi;

/** True when the connection string points at http endpoints on 127.0.0.1 only (Azurite): the one case
 * where `allowInsecureConnection` is used. */
export function loopbackHttp(connectionString: string | undefined): boolean {
  if (/UseDevelopmentStorage=true/i.test(connectionString ?? '')) return true;
  const endpoints = [...(connectionString ?? '').matchAll(ENDPOINT)].map((m) => m[1]);
  const urls = endpoints.map((e) => { try { return new URL(e); } catch { return undefined; } });
  return urls.some((u) => u?.protocol === 'http:') && urls.every((u) => u !== undefined && (u.protocol === 'https:' || u.hostname === '127.0.0.1'));
}

/** Why the settings cannot work (one sentence naming the variable, never its value), or undefined. */
export function azureStoreProblem(o: AzureStoreSettings): string | undefined {
  if (o.connectionString && o.accountUrl) {
    return 'AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_ACCOUNT_URL: set one, not both (connection string for Azurite or account keys, account URL for the Azure credential)';
  }
  if (!o.connectionString && !o.accountUrl) return 'AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL: required when NETPILOT_STORE is azure';
  if (o.connectionString && !/UseDevelopmentStorage=true/i.test(o.connectionString)) {
    if (!/(?:^|;)\s*(AccountName|TableEndpoint)=/i.test(o.connectionString) || !/(?:^|;)\s*(AccountKey|SharedAccessSignature)=/i.test(o.connectionString)) {
      return 'AZURE_STORAGE_CONNECTION_STRING: not a storage connection string (expected AccountName=...;AccountKey=... or TableEndpoint=...;SharedAccessSignature=...)';
    }
    const endpoints = [...o.connectionString.matchAll(ENDPOINT)].map((m) => m[1]);
    for (const e of endpoints) {
      let u: URL;
      try { u = new URL(e); } catch { return 'AZURE_STORAGE_CONNECTION_STRING: an endpoint is not a URL'; }
      if (u.protocol === 'http:' && u.hostname !== '127.0.0.1') {
        return 'AZURE_STORAGE_CONNECTION_STRING: http:// endpoints are accepted only on 127.0.0.1 (Azurite); use https://';
      }
    }
    if (/DefaultEndpointsProtocol=http(?:;|$)/i.test(o.connectionString) && !/TableEndpoint=/i.test(o.connectionString)) {
      return 'AZURE_STORAGE_CONNECTION_STRING: DefaultEndpointsProtocol=http needs a TableEndpoint on 127.0.0.1 (Azurite); use https';
    }
  }
  if (o.accountUrl) {
    let url: URL;
    try { url = new URL(o.accountUrl); } catch { return 'AZURE_STORAGE_ACCOUNT_URL: not a URL'; }
    if (url.protocol !== 'https:') return 'AZURE_STORAGE_ACCOUNT_URL: must be https:// (for Azurite use AZURE_STORAGE_CONNECTION_STRING)';
    if (!/^[a-z0-9]{3,24}\.(table|blob)\./i.test(url.hostname)) {
      return 'AZURE_STORAGE_ACCOUNT_URL: expected the account endpoint https://<account>.table.core.windows.net (or .blob.)';
    }
  }
  if (o.tablePrefix !== undefined && !/^[A-Za-z][A-Za-z0-9]{0,39}$/.test(o.tablePrefix)) {
    return `table prefix "${o.tablePrefix}": letters and digits starting with a letter, at most 40`;
  }
  return undefined;
}

/** The table endpoint of an account URL (a blob endpoint becomes the table one). */
export function tableEndpoint(accountUrl: string): string {
  const u = new URL(accountUrl);
  u.hostname = u.hostname.replace(/^([a-z0-9]+)\.blob\./i, '$1.table.');
  return u.origin;
}
