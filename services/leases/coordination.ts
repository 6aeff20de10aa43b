// What several instances must share beyond the store: operation leases and choice tokens. With
// NETPILOT_STORE=azure both live in the store's storage account (blob leases, a table); with the
// embedded store, one process owns everything (in-process leases, the SQLite choice table).
// The Azure SDK packages load only with NETPILOT_STORE=azure (start-up time of the embedded default).
import type { TableClient } from '@azure/data-tables';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/core-auth';
import type { ChoiceTokenStore } from '../store/choice-store.ts';
import { loopbackHttp, tableEndpoint } from '../store/azure/options.ts';
import { openSqliteChoiceStore } from '../store/sqlite-choices.ts';
import { createLocalLeases } from './local-leases.ts';
import type { OperationLeases } from './types.ts';

/** Blob container of the operation leases (deploy/main.bicep creates it). */
export const LEASE_CONTAINER = 'netpilot-leases';
/** Table of the choice tokens, next to the store's `netpilot*` tables (deploy/main.bicep creates it). */
export const CHOICE_TABLE = 'netpilotChoices';

/** Where the shared state lives (the `store` part of the config). */
export interface CoordinationSettings {
  kind: 'sqlite' | 'azure';
  connectionString?: string;
  accountUrl?: string;
}

/** Leases and choice tokens for this instance. */
export interface Coordination {
  leases: OperationLeases;
  choices: ChoiceTokenStore;
  /** `sqlite` (one instance) or `azure` (several). */
  kind: 'sqlite' | 'azure';
  close(): void;
}

/** The blob endpoint of an account URL (a table endpoint becomes the blob one; the store checked its shape). */
export function blobEndpoint(accountUrl: string): string {
  const u = new URL(accountUrl);
  u.hostname = u.hostname.replace(/^([a-z0-9]+)\.table\./i, '$1.blob.');
  return u.origin;
}

/** Opens the coordination of `settings`; `credential` is used with an account URL (managed identity). */
export async function openCoordination(settings: CoordinationSettings,
  o: { dataDir: string; leaseSeconds: number; credential?: () => Promise<TokenCredential> }): Promise<Coordination> {
  if (settings.kind === 'sqlite') {
    const choices = openSqliteChoiceStore(o.dataDir);
    return { kind: 'sqlite', leases: createLocalLeases({ periodSeconds: o.leaseSeconds }), choices, close: () => choices.close() };
  }
  const [{ TableClient }, { BlobServiceClient }, { azureChoiceStore }, { createBlobLeases }] = await Promise.all([
    import('@azure/data-tables'), import('@azure/storage-blob'), import('../store/azure/choices.ts'), import('./blob-leases.ts')]);
  const build = (blobs: BlobServiceClient, table: TableClient): Coordination => ({
    kind: 'azure',
    leases: createBlobLeases({ container: blobs.getContainerClient(LEASE_CONTAINER), periodSeconds: o.leaseSeconds }),
    choices: azureChoiceStore(table),
    close: () => undefined,
  });
  if (settings.connectionString) {
    const insecure = loopbackHttp(settings.connectionString);
    return build(BlobServiceClient.fromConnectionString(settings.connectionString),
      TableClient.fromConnectionString(settings.connectionString, CHOICE_TABLE, { allowInsecureConnection: insecure }));
  }
  if (!settings.accountUrl || !o.credential) throw new Error('NETPILOT_STORE=azure needs AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCOUNT_URL');
  const credential = await o.credential();
  return build(new BlobServiceClient(blobEndpoint(settings.accountUrl), credential),
    new TableClient(tableEndpoint(settings.accountUrl), CHOICE_TABLE, credential));
}
