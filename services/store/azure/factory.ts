// `openAzureStore`: the Store on Azure Table Storage, for several NetPilot instances sharing one
// storage account. See README.md in this folder for the layout and how to add a sub-store.
import type { TokenCredential } from '@azure/core-auth';
import type { Store } from '../types.ts';
import { azureAuditStore, verifyAzureAudit } from './audit.ts';
import { StorageBridge } from './bridge.ts';
import { azureConversationStore } from './conversations.ts';
import { azureLockStore } from './locks.ts';
import { azureMilestoneStore } from './milestones.ts';
import { azureOperationStore } from './operations.ts';
import { azureRequestStore } from './requests.ts';
import { azureSettingsStore } from './settings.ts';
import { SyncTable, UndoLog } from './table.ts';
import type { AuditChainResult } from '../audit-chain.ts';

/** Version of the table layout (there are no migrations on Azure yet; a new sub-store adds a table). */
export const AZURE_STORE_LAYOUT = 1;

/** Default prefix of the table names (`netpilotRequests`, ...). */
export const DEFAULT_TABLE_PREFIX = 'netpilot';

/** Every table of the store, by sub-store (names get the prefix). Add a line for a new sub-store. */
export const AZURE_TABLES = {
  conversations: 'Conversations', requests: 'Requests', locks: 'Locks', audit: 'Audit', auditHead: 'AuditHead',
  operations: 'Operations', milestones: 'Milestones', settings: 'Settings',
} as const;

export interface AzureStoreOptions {
  /** `AZURE_STORAGE_CONNECTION_STRING` (Azurite, or account keys). */
  connectionString?: string;
  /** `AZURE_STORAGE_ACCOUNT_URL`: the account's table endpoint `https://<account>.table.core.windows.net`
   * (a blob endpoint is accepted and turned into the table one). Needs `credential`. */
  accountUrl?: string;
  credential?: TokenCredential;
  /** Prefix of every table name: letters and digits, starting with a letter (default `netpilot`). */
  tablePrefix?: string;
  /** Longest wait for one storage call, retries included (default 60 s). */
  timeoutMs?: number;
}

/** A connection, ready for sub-stores: the bridge and one SyncTable per table. */
interface Connection {
  bridge: StorageBridge;
  table: (name: keyof typeof AZURE_TABLES) => SyncTable;
  where: string;
}

/** Why the options cannot work, or undefined. */
export function azureStoreProblem(o: AzureStoreOptions): string | undefined {
  if (o.connectionString && o.accountUrl) return 'set AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL, not both';
  if (!o.connectionString && !o.accountUrl) return 'AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL is required when NETPILOT_STORE is azure';
  if (o.connectionString && !/AccountName=|TableEndpoint=|UseDevelopmentStorage=true/i.test(o.connectionString)) {
    return 'AZURE_STORAGE_CONNECTION_STRING is not a storage connection string (expected AccountName=...;AccountKey=... or TableEndpoint=...)';
  }
  if (o.accountUrl) {
    let url: URL;
    try { url = new URL(o.accountUrl); } catch { return 'AZURE_STORAGE_ACCOUNT_URL is not a URL'; }
    if (url.protocol !== 'https:') return 'AZURE_STORAGE_ACCOUNT_URL must be https:// (use AZURE_STORAGE_CONNECTION_STRING for Azurite)';
    if (!/^[a-z0-9]+\.(table|blob)\./i.test(url.hostname)) {
      return 'AZURE_STORAGE_ACCOUNT_URL must be the account endpoint https://<account>.table.core.windows.net (or .blob.)';
    }
    if (!o.credential) return 'AZURE_STORAGE_ACCOUNT_URL needs an Azure credential';
  }
  if (o.tablePrefix !== undefined && !/^[A-Za-z][A-Za-z0-9]{0,39}$/.test(o.tablePrefix)) {
    return `table prefix "${o.tablePrefix}" must be letters and digits starting with a letter (at most 40)`;
  }
  return undefined;
}

/** `allowInsecureConnection` only for Azurite on the loopback address over http. */
export function loopbackHttp(connectionString: string | undefined): boolean {
  if (!connectionString) return false;
  const endpoints = [...connectionString.matchAll(/(?:Table|Blob|Queue)Endpoint=([^;]+)/gi)].map((m) => m[1]);
  if (endpoints.length === 0) return false;
  return endpoints.every((e) => {
    try {
      const u = new URL(e);
      return u.protocol === 'https:' || (u.protocol === 'http:' && u.hostname === '127.0.0.1');
    } catch {
      return false;
    }
  }) && endpoints.some((e) => e.startsWith('http://'));
}

async function connect(options: AzureStoreOptions): Promise<Connection> {
  const problem = azureStoreProblem(options);
  if (problem) throw new Error(`Azure store: ${problem}`);
  const accountUrl = options.accountUrl
    ? (() => { const u = new URL(options.accountUrl); u.hostname = u.hostname.replace(/^([a-z0-9]+)\.blob\./i, '$1.table.'); return u.origin; })()
    : undefined;
  const bridge = await StorageBridge.start({
    ...(options.connectionString ? { connectionString: options.connectionString } : { accountUrl, credential: options.credential }),
    allowInsecureConnection: loopbackHttp(options.connectionString),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
  const prefix = options.tablePrefix ?? DEFAULT_TABLE_PREFIX;
  const tables = new Map<string, SyncTable>();
  const table = (name: keyof typeof AZURE_TABLES): SyncTable => {
    let t = tables.get(name);
    if (!t) tables.set(name, (t = new SyncTable(bridge, `${prefix}${AZURE_TABLES[name]}`)));
    return t;
  };
  const endpoint = accountUrl ?? /TableEndpoint=([^;]+)/i.exec(options.connectionString ?? '')?.[1]
    ?? `account ${/AccountName=([^;]+)/i.exec(options.connectionString ?? '')?.[1] ?? '?'}`;
  return { bridge, table, where: `${endpoint} (tables ${prefix}*)` };
}

/** Opens the store on Azure Table Storage, creating missing tables. Throws a clear error when the
 * options are wrong or storage cannot be reached. */
export async function openAzureStore(options: AzureStoreOptions): Promise<Store & { readonly location: string }> {
  const c = await connect(options);
  try {
    const names = (Object.keys(AZURE_TABLES) as (keyof typeof AZURE_TABLES)[]).map((n) => c.table(n).name);
    c.bridge.call({ op: 'ensureTables', table: names.join(','), tables: names });
  } catch (err) {
    await c.bridge.close();
    throw new Error(`Azure store: cannot create or reach the tables at ${c.where}: ${(err as Error).message}`);
  }
  const undo = new UndoLog();
  const ctx = (name: keyof typeof AZURE_TABLES) => ({ table: c.table(name), undo });
  return {
    conversations: azureConversationStore(ctx('conversations')),
    requests: azureRequestStore(ctx('requests')),
    locks: azureLockStore(ctx('locks')),
    audit: azureAuditStore(c.table('audit'), c.table('auditHead')),
    operations: azureOperationStore(ctx('operations')),
    milestones: azureMilestoneStore(ctx('milestones')),
    settings: azureSettingsStore(ctx('settings')),
    transaction: <T>(fn: () => T): T => undo.run(fn),
    schemaVersion: AZURE_STORE_LAYOUT,
    location: c.where,
    close: () => void c.bridge.close(),
  };
}

/** Checks the audit chain in Azure storage without creating or changing anything. */
export async function verifyAzureStoreAudit(options: AzureStoreOptions): Promise<AuditChainResult & { location: string }> {
  const c = await connect(options);
  try {
    return { ...verifyAzureAudit(c.table('audit'), c.table('auditHead')), location: c.where };
  } finally {
    await c.bridge.close();
  }
}
