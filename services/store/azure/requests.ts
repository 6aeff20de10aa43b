// Requests on Azure Tables: one entity per request; the ETag makes `update` a compare-and-swap, so
// of two instances writing the same version exactly one wins (the other gets false, as in SQLite).
import { odata } from '@azure/data-tables';
import type { ApprovalRequest } from '../../approval/types.ts';
import type { RequestStore } from '../types.ts';
import { clusterKey, ordinal, packJson, safeKey, unpackJson, type Entity, type SubStoreContext } from './table.ts';

const PK = 'request';

export function azureRequestStore({ table, undo }: SubStoreContext): RequestStore {
  const parse = (e: Entity): ApprovalRequest => ({ ...unpackJson<ApprovalRequest>(e), version: e.version as number });
  const entity = (r: ApprovalRequest, ord: string) => ({
    partitionKey: PK, rowKey: safeKey(r.id), clusterKey: clusterKey(r.cluster.id), state: r.state, version: r.version,
    createdAt: r.createdAt, ord, ...packJson(r),
  });
  const byCreated = (a: Entity, b: Entity) =>
    String(a.createdAt).localeCompare(String(b.createdAt)) || String(a.ord).localeCompare(String(b.ord));
  return {
    insert(req) {
      const etag = table.create(entity(req, ordinal()));
      if (!etag) throw new Error(`request ${req.id} already exists`);
      undo.onUndo(() => table.delete(PK, safeKey(req.id), etag));
    },
    get(id) {
      const e = table.get(PK, safeKey(id));
      return e ? parse(e) : undefined;
    },
    update(id, expectedVersion, patch) {
      const e = table.get(PK, safeKey(id));
      if (!e || e.version !== expectedVersion) return false;
      const next: ApprovalRequest = { ...parse(e), ...patch, id, version: expectedVersion + 1 };
      const etag = table.replace(entity(next, e.ord as string), e.etag);
      if (!etag) return false;
      const { etag: _old, ...before } = e;
      undo.onUndo(() => table.replace(before, etag));
      return true;
    },
    listByCluster(clusterId) {
      return table.list(odata`PartitionKey eq ${PK} and clusterKey eq ${clusterKey(clusterId)}`)
        .sort((a, b) => byCreated(b, a)).map(parse);
    },
    listByState(states) {
      if (states.length === 0) return [];
      const wanted = new Set<string>(states);
      return table.list(odata`PartitionKey eq ${PK}`).filter((e) => wanted.has(e.state as string))
        .sort(byCreated).map(parse);
    },
  };
}
