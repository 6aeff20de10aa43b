// Migration plans on Azure Tables: partition `plan`, row key = safeKey(plan id), the plan as JSON
// (`packJson`) plus `clusterKey`, `state`, `version`, `createdAt` and `ord` for the lists. `update` is a
// compare-and-swap at the ETag read, so of two instances writing the same version exactly one wins
// (the other gets false, as with SQLite's `WHERE version = ?`).
import { odata } from '@azure/data-tables';
import type { PlanRecord, PlanStore } from '../types.ts';
import { clusterKey, ordinal, packJson, safeKey, unpackJson, type Entity, type SubStoreContext } from './table.ts';

const PK = 'plan';

export function azurePlanStore({ table, undo }: SubStoreContext): PlanStore {
  const parse = (e: Entity): PlanRecord => ({ ...unpackJson<PlanRecord>(e), version: e.version as number });
  const entity = (p: PlanRecord, ord: string) => ({
    partitionKey: PK, rowKey: safeKey(p.id), clusterKey: clusterKey(p.cluster.id), state: p.state, version: p.version,
    createdAt: p.createdAt, ord, ...packJson(p),
  });
  const byCreated = (a: Entity, b: Entity) =>
    String(a.createdAt).localeCompare(String(b.createdAt)) || String(a.ord).localeCompare(String(b.ord));
  return {
    insert(plan) {
      const etag = table.create(entity(plan, ordinal()));
      if (!etag) throw new Error(`plan ${plan.id} already exists`);
      undo.onUndo(() => table.delete(PK, safeKey(plan.id), etag));
    },
    get(id) {
      const e = table.get(PK, safeKey(id));
      return e ? parse(e) : undefined;
    },
    update(id, expectedVersion, patch) {
      const e = table.get(PK, safeKey(id));
      if (!e || e.version !== expectedVersion) return false;
      const next: PlanRecord = { ...parse(e), ...patch, id, version: expectedVersion + 1 };
      const etag = table.replace(entity(next, e.ord as string), e.etag);
      if (!etag) return false; // another instance wrote first
      const { etag: _old, ...before } = e;
      undo.onUndo(() => table.replace(before, etag));
      return true;
    },
    listByCluster(clusterId) {
      return table.list(odata`PartitionKey eq ${PK} and clusterKey eq ${clusterKey(clusterId)}`)
        .sort((a, b) => byCreated(b, a)).map(parse);
    },
    listOpen() {
      return table.list(odata`PartitionKey eq ${PK} and state eq ${'open'}`).sort(byCreated).map(parse);
    },
  };
}
