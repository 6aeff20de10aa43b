// `openAzureStore`: the Store on Azure Table Storage, for several NetPilot instances sharing one
// storage account. See README.md in this folder for the layout and how to add a sub-store.
import type { TokenCredential } from '@azure/core-auth';
import type { Store } from '../types.ts';
import { azureAuditStore, verifyAzureAudit } from './audit.ts';
import { StorageBridge, StorageCallError } from './bridge.ts';
import { azureConversationStore } from './conversations.ts';
import { azureDigestStore } from './digests.ts';
import { azureLockStore } from './locks.ts';
import { azureMilestoneStore } from './milestones.ts';
import { azureOperationStore } from './operations.ts';
import { azurePlanStore } from './plans.ts';
import { azureRequestStore } from './requests.ts';
import { azureScheduleStore } from './schedules.ts';
import { azureSettingsStore } from './settings.ts';
import { SyncTable, UndoLog } from './table.ts';
import type { AuditChainResult } from '../audit-chain.ts';
import { azureStoreProblem, loopbackHttp, tableEndpoint, type AzureStoreSettings } from './options.ts';

/** Version of the table layout (there are no migrations on Azure yet; a new sub-store adds a table). */
export const AZURE_STORE_LAYOUT = 1;

/** Default prefix of the table names (`netpilotRequests`, ...). */
export const DEFAULT_TABLE_PREFIX = 'netpilot';

/** Every table of the store, by sub-store (names get the prefix). Add a line for a new sub-store. */
export const AZURE_TABLES = {
  conversations: 'Conversations', requests: 'Requests', locks: 'Locks', audit: 'Audit', auditHead: 'AuditHead',
  operations: 'Operations', milestones: 'Milestones', settings: 'Settings', plans: 'Plans', schedules: 'Schedules',
  digests: 'Digests',
} as const;

export interface AzureStoreOptions extends AzureStoreSettings {
  /** With `accountUrl`: the Azure credential (the one the product builds for ARM). */
  credential?: TokenCredential;
  /** Longest wait for one storage call, retries included (default 60 s). */
  timeoutMs?: number;
}

/** A connection, ready for sub-stores: the bridge and one SyncTable per table. */
interface Connection {
  bridge: StorageBridge;
  table: (name: keyof typeof AZURE_TABLES) => SyncTable;
  where: string;
}

async function connect(options: AzureStoreOptions): Promise<Connection> {
  const problem = azureStoreProblem(options)
    ?? (options.accountUrl && !options.credential ? 'AZURE_STORAGE_ACCOUNT_URL: needs the Azure credential' : undefined);
  if (problem) throw new Error(`Azure store: ${problem}`);
  const accountUrl = options.accountUrl ? tableEndpoint(options.accountUrl) : undefined;
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
    plans: azurePlanStore(ctx('plans')),
    schedules: azureScheduleStore(ctx('schedules')),
    digests: azureDigestStore(ctx('digests')),
    transaction: <T>(fn: () => T): T => undo.run(fn),
    schemaVersion: AZURE_STORE_LAYOUT,
    location: c.where,
    close: () => void c.bridge.close(),
  };
}

/** Checks the audit chain in Azure storage without creating or changing anything; `missing` when the
 * store's tables do not exist (NetPilot never ran against this account and prefix). */
export async function verifyAzureStoreAudit(options: AzureStoreOptions):
  Promise<({ missing: false } & AuditChainResult & { location: string }) | { missing: true; location: string }> {
  const c = await connect(options);
  try {
    return { missing: false, ...verifyAzureAudit(c.table('audit'), c.table('auditHead')), location: c.where };
  } catch (err) {
    if (err instanceof StorageCallError && err.statusCode === 404) return { missing: true, location: c.where };
    throw err;
  } finally {
    await c.bridge.close();
  }
}
