// The two store implementations behind one face, for the contract suite: each `fresh()` gives an empty
// data set that several store instances can open (as several NetPilot instances would), plus the
// raw access an attacker with storage access has, to prove tampering is detected.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { TableClient } from '@azure/data-tables';
import { startAzurite, type AzuriteInstance } from '../../../../emulator/azurite.ts';
import { DATABASE_FILE, openStore, verifyStoreAudit, type AuditChainResult, type Store } from '../../../../services/store/index.ts';
import { openAzureStore, verifyAzureStoreAudit } from '../../../../services/store/azure/factory.ts';

/** One empty data set of one implementation. */
export interface StoreFixture {
  /** Opens a new store instance on this data set (another process would do the same). */
  open(): Promise<Store>;
  /** Checks the audit chain from outside (as `netpilot audit verify` does). */
  verifyAudit(): Promise<AuditChainResult>;
  /** Raw tampering with the stored audit trail, bypassing NetPilot. */
  tamper: {
    changeKind(seq: number, kind: string): Promise<void>;
    deleteEntry(seq: number): Promise<void>;
  };
}

export interface StoreHarness {
  name: 'sqlite' | 'azure';
  setup(): Promise<void>;
  teardown(): Promise<void>;
  fresh(): Promise<StoreFixture>;
}

/** Closes every store a test opened (afterEach). */
export const opened: Store[] = [];
export function closeOpened(): void {
  for (const s of opened.splice(0)) {
    try { s.close(); } catch { /* already closed */ }
  }
}

export function sqliteHarness(): StoreHarness {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    async setup() { /* nothing to start */ },
    async teardown() {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    },
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'np-contract-'));
      dirs.push(dir);
      const raw = (sql: string) => {
        const db = new Database(join(dir, DATABASE_FILE));
        db.exec('DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
        db.exec(sql);
        db.close();
      };
      return {
        async open() {
          const s = openStore(dir);
          opened.push(s);
          return s;
        },
        async verifyAudit() {
          const check = verifyStoreAudit(dir);
          if (check.kind !== 'checked') throw new Error(`no chained store: ${check.kind}`);
          return check;
        },
        tamper: {
          async changeKind(seq, kind) { raw(`UPDATE audit SET kind = '${kind}' WHERE seq = ${seq}`); },
          async deleteEntry(seq) { raw(`DELETE FROM audit WHERE seq = ${seq}`); },
        },
      };
    },
  };
}

export function azureHarness(): StoreHarness {
  let azurite: AzuriteInstance | undefined;
  return {
    name: 'azure',
    async setup() { azurite = await startAzurite(); },
    async teardown() { await azurite?.stop(); },
    async fresh() {
      const connectionString = azurite!.connectionString;
      // A unique table prefix per data set: tests share one Azurite.
      const tablePrefix = `t${randomBytes(6).toString('hex')}`;
      const auditTable = TableClient.fromConnectionString(connectionString, `${tablePrefix}Audit`, { allowInsecureConnection: true });
      const rowKey = (seq: number) => String(1e12 - seq).padStart(12, '0');
      return {
        async open() {
          const s = await openAzureStore({ connectionString, tablePrefix });
          opened.push(s);
          return s;
        },
        async verifyAudit() {
          const found = await verifyAzureStoreAudit({ connectionString, tablePrefix });
          if (found.missing) throw new Error(`no tables at ${found.location}`);
          const { location: _l, missing: _m, ...check } = found;
          return check;
        },
        tamper: {
          async changeKind(seq, kind) {
            await auditTable.updateEntity({ partitionKey: 'audit', rowKey: rowKey(seq), kind }, 'Merge', { etag: '*' });
          },
          async deleteEntry(seq) { await auditTable.deleteEntity('audit', rowKey(seq)); },
        },
      };
    },
  };
}
