// The store's public face: interfaces, `openConfiguredStore` (NETPILOT_STORE: sqlite or azure) and `openStore` (embedded SQLite).
export type * from './types.ts';
export type * from './schedules.ts';
export {
  openStore, migrate, secureDataDir, verifyStoreAudit, DATABASE_FILE, DATA_DIR_MODE, STORE_FILE_MODE,
  type OpenStoreOptions, type StoreLog, type StoreAuditCheck,
} from './sqlite-store.ts';
export { verifyAuditChain, auditEntryHash, canonicalAuditRow, GENESIS_HASH, type AuditChainResult, type AuditBreak } from './audit-chain.ts';
export { MIGRATIONS, type Migration } from './migrations.ts';
export { openConfiguredStore, verifyConfiguredAudit, type StoreConfig, type OpenConfiguredStoreOptions } from './open.ts';
