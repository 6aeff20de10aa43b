// The audit trail on Azure Tables: insert-only rows carrying the same hash chain as the SQLite store
// (audit-chain.ts). Row keys are the inverted sequence number, so the newest entry comes first; an
// append takes seq = last + 1 with an atomic create (409: another instance took that seq, read again),
// so the chain stays one line across instances. Rows are never updated or deleted by NetPilot.
// A separate head row (table `<prefix>AuditHead`) remembers the highest seq ever written, so a removed
// tail is detected (as SQLite's AUTOINCREMENT counter does).
import { odata } from '@azure/data-tables';
import type { AuditStore } from '../types.ts';
import {
  auditEntryHash, auditEntryOf, auditRowOf, verifyAuditRows, type AuditChainResult, type AuditRowFields, type ChainedAuditRow,
} from '../audit-chain.ts';
import { GENESIS_HASH } from '../audit-chain.ts';
import { clusterKey, type Entity, type SyncTable } from './table.ts';

const PK = 'audit';
const HEAD = 'head';
const MAX_SEQ = 1e12;
const seqKey = (seq: number): string => String(MAX_SEQ - seq).padStart(12, '0');
const FIELDS = ['kind', 'request_id', 'cluster_id', 'at', 'actor_id', 'actor_name', 'report_hash', 'etag', 'operation', 'detail'] as const;
/** The table property of a field (`etag` is the entity's own ETag in the SDK, so the ARM eTag is `arm_etag`). */
const prop = (f: (typeof FIELDS)[number]): string => (f === 'etag' ? 'arm_etag' : f);

function toRow(e: Entity): ChainedAuditRow {
  const row = { seq: e.seq as number } as ChainedAuditRow;
  for (const f of FIELDS) (row as unknown as Record<string, unknown>)[f] = typeof e[prop(f)] === 'string' ? e[prop(f)] : null;
  row.prev_hash = typeof e.prev_hash === 'string' ? e.prev_hash : null;
  row.hash = typeof e.hash === 'string' ? e.hash : null;
  return row;
}

/** Every row in seq order, and the head's seq (the highest ever written). */
function readTrail(table: SyncTable, head: SyncTable): { rows: ChainedAuditRow[]; counter?: number } {
  const rows = table.list(odata`PartitionKey eq ${PK}`).map(toRow).sort((a, b) => a.seq - b.seq);
  const h = head.get(HEAD, HEAD);
  return { rows, ...(h ? { counter: h.seq as number } : {}) };
}

/** Checks the chain of the trail without changing anything. */
export function verifyAzureAudit(table: SyncTable, head: SyncTable): AuditChainResult {
  const { rows, counter } = readTrail(table, head);
  return verifyAuditRows(rows, counter);
}

export function azureAuditStore(table: SyncTable, head: SyncTable): AuditStore {
  /** Moves the head forward to `seq` (never back). */
  const advanceHead = (seq: number, hash: string): void => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const h = head.get(HEAD, HEAD);
      if (h && (h.seq as number) >= seq) return;
      const entity = { partitionKey: HEAD, rowKey: HEAD, seq, hash };
      if (h ? head.replace(entity, h.etag) : head.create(entity)) return;
    }
  };
  const list = (filter: string) => table.list(filter).map(toRow).sort((a, b) => a.seq - b.seq).map(auditEntryOf);
  return {
    append(e) {
      for (let attempt = 0; attempt < 50; attempt++) {
        let last: Entity | undefined = table.list(odata`PartitionKey eq ${PK}`, 1)[0];
        const h = head.get(HEAD, HEAD);
        // Another instance appended between the two reads: chain onto its row, not the older one
        // (absent only when the tail was removed, which verification reports).
        if (h && (!last || (h.seq as number) > (last.seq as number))) last = table.get(PK, seqKey(h.seq as number)) ?? last;
        const seq = Math.max(last ? (last.seq as number) : 0, h ? (h.seq as number) : 0) + 1;
        const prev = last && typeof last.hash === 'string' ? last.hash : GENESIS_HASH;
        const row: AuditRowFields = auditRowOf(e, seq);
        const props: Record<string, unknown> = { seq, prev_hash: prev, hash: auditEntryHash(row, prev), cluster_key: clusterKey(e.clusterId) };
        for (const f of FIELDS) if (row[f] !== null) props[prop(f)] = row[f];
        if (table.create({ partitionKey: PK, rowKey: seqKey(seq), ...props })) {
          advanceHead(seq, props.hash as string);
          return { ...e, seq };
        }
      }
      throw new Error('the audit trail is too busy to append; try again');
    },
    listByCluster(clusterId) {
      return list(odata`PartitionKey eq ${PK} and cluster_key eq ${clusterKey(clusterId)}`);
    },
    listByRequest(requestId) {
      return list(odata`PartitionKey eq ${PK} and request_id eq ${requestId}`);
    },
  };
}
