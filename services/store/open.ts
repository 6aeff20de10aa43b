// Opens the store `NETPILOT_STORE` selects: the embedded SQLite store in NETPILOT_DATA_DIR (default,
// one instance) or the Azure Table Storage store (several instances sharing one account). Used by the
// bot at start-up and by the CLI (`netpilot audit verify`).
import type { TokenCredential } from '@azure/core-auth';
import { createDefaultCredential, type CredentialConstructors } from '../azure/clients.ts';
import type { NetPilotConfig } from '../config.ts';
import { openAzureStore, verifyAzureStoreAudit, type AzureStoreOptions } from './azure/factory.ts';
import { openStore, verifyStoreAudit, type StoreAuditCheck, type StoreLog } from './sqlite-store.ts';
import type { Store } from './types.ts';

/** The part of the configuration that chooses and reaches the store. */
export type StoreConfig = Pick<NetPilotConfig, 'dataDir' | 'store' | 'azureEnvironment' | 'azureIdentity'>;

export interface OpenConfiguredStoreOptions {
  logger?: StoreLog;
  /** Injectable @azure/identity constructors (tests), as for the ARM credential. */
  credentialConstructors?: CredentialConstructors;
  /** A credential to use instead of building one (account URL mode). */
  credential?: TokenCredential;
}

async function azureOptions(config: StoreConfig, o: OpenConfiguredStoreOptions): Promise<AzureStoreOptions> {
  const { connectionString, accountUrl } = config.store;
  if (connectionString) return { connectionString };
  // Account URL: the same Azure credential the product builds for ARM (managed identity, workload
  // identity, service principal, or a developer login), asked for a Storage token.
  const credential = o.credential ?? await createDefaultCredential(config.azureEnvironment, config.azureIdentity, o.credentialConstructors);
  return { accountUrl, credential };
}

/** Opens the configured store; throws a clear error when Azure Storage is misconfigured or unreachable. */
export async function openConfiguredStore(config: StoreConfig, o: OpenConfiguredStoreOptions = {}): Promise<Store> {
  if (config.store.kind !== 'azure') return openStore(config.dataDir, o.logger ? { logger: o.logger } : {});
  return openAzureStore(await azureOptions(config, o));
}

/** Checks the audit chain of the configured store without changing it. For Azure, `file` names the
 * account endpoint and tables. */
export async function verifyConfiguredAudit(config: StoreConfig, o: OpenConfiguredStoreOptions = {}): Promise<StoreAuditCheck> {
  if (config.store.kind !== 'azure') return verifyStoreAudit(config.dataDir);
  const found = await verifyAzureStoreAudit(await azureOptions(config, o));
  if (found.missing) return { kind: 'no-store', file: found.location };
  const { location, missing: _m, ...check } = found;
  return { kind: 'checked', file: location, ...check };
}
