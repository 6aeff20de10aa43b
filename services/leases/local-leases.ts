// Single-instance leases for the embedded SQLite store: one process owns the database file, so a
// lease only has to keep two watchers of this process apart. Holders are named, so tests can play
// two watchers in one process.
import type { OperationLeases } from './types.ts';

/** The leases of one process, shared by the holders created from it. */
export interface LocalLeaseTable {
  readonly holders: Map<string, { holder: string; until: number }>;
}

/** A fresh table (one per store). */
export function createLocalLeaseTable(): LocalLeaseTable {
  return { holders: new Map() };
}

/** In-process OperationLeases for `holder`; leases expire after `periodSeconds` without renewal. */
export function createLocalLeases(opts: { table?: LocalLeaseTable; holder?: string; periodSeconds?: number; now?: () => number } = {}): OperationLeases {
  const table = opts.table ?? createLocalLeaseTable();
  const holder = opts.holder ?? 'this-process';
  const periodSeconds = opts.periodSeconds ?? 30;
  const now = opts.now ?? Date.now;
  const until = (): number => now() + periodSeconds * 1000;
  return {
    periodSeconds,
    async acquire(operationId) {
      const current = table.holders.get(operationId);
      if (current && current.holder !== holder && current.until > now()) return false;
      table.holders.set(operationId, { holder, until: until() });
      return true;
    },
    async renew(operationId) {
      const current = table.holders.get(operationId);
      // Like a blob lease: an expired lease nobody took can still be renewed by its holder.
      if (!current || current.holder !== holder) return false;
      current.until = until();
      return true;
    },
    async release(operationId) {
      if (table.holders.get(operationId)?.holder === holder) table.holders.delete(operationId);
    },
  };
}
