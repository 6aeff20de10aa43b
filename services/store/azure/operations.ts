// Operations on Azure Tables. One partition holds the operation (`op:<id>`) and an index row per
// request (`req:<requestId>`), created together in one entity-group transaction: one operation per
// request, as the SQLite UNIQUE constraint guarantees. Updates are read-merge-write at the ETag.
import { odata } from '@azure/data-tables';
import type { OperationRecord, OperationStore } from '../types.ts';
import { clusterKey, ordinal, packJson, safeKey, unpackJson, type Entity, type SubStoreContext } from './table.ts';

const PK = 'operation';
const opKey = (id: string) => `op:${safeKey(id)}`;
const reqKey = (requestId: string) => `req:${safeKey(requestId)}`;

export function azureOperationStore({ table, undo }: SubStoreContext): OperationStore {
  const parse = (e: Entity): OperationRecord => unpackJson<OperationRecord>(e);
  const entity = (op: OperationRecord, ord: string) => ({
    partitionKey: PK, rowKey: opKey(op.id), kind: 'op', requestId: op.requestId, clusterKey: clusterKey(op.clusterId),
    status: op.status, startedAt: op.startedAt, ord, ...packJson(op),
  });
  const sorted = (rows: Entity[], dir: 1 | -1) => rows.sort((a, b) =>
    dir * (String(a.startedAt).localeCompare(String(b.startedAt)) || String(a.ord).localeCompare(String(b.ord)))).map(parse);
  return {
    insert(op) {
      const created = table.createAll([entity(op, ordinal()), { partitionKey: PK, rowKey: reqKey(op.requestId), kind: 'req', opId: op.id }]);
      if (!created) throw new Error(`operation ${op.id} (request ${op.requestId}) already exists`);
      undo.onUndo(() => {
        table.delete(PK, opKey(op.id));
        table.delete(PK, reqKey(op.requestId));
      });
    },
    get(id) {
      const e = table.get(PK, opKey(id));
      return e ? parse(e) : undefined;
    },
    byRequest(requestId) {
      const index = table.get(PK, reqKey(requestId));
      if (!index) return undefined;
      const e = table.get(PK, opKey(index.opId as string));
      return e ? parse(e) : undefined;
    },
    listRunning() {
      return sorted(table.list(odata`PartitionKey eq ${PK} and kind eq 'op' and status eq 'running'`), 1);
    },
    listByCluster(clusterId) {
      return sorted(table.list(odata`PartitionKey eq ${PK} and kind eq 'op' and clusterKey eq ${clusterKey(clusterId)}`), -1);
    },
    update(id, patch) {
      for (let attempt = 0; attempt < 10; attempt++) {
        const e = table.get(PK, opKey(id));
        if (!e) throw new Error(`operation ${id} not found`);
        const next: OperationRecord = { ...parse(e), ...patch, id, updatedAt: patch.updatedAt ?? new Date().toISOString() };
        const etag = table.replace(entity(next, e.ord as string), e.etag);
        if (etag) {
          const { etag: _old, ...before } = e;
          undo.onUndo(() => table.replace(before, etag));
          return;
        }
      }
      throw new Error(`operation ${id} keeps changing; try again`);
    },
  };
}
