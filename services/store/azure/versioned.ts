// Documents with optimistic versioning on Azure Tables (requests, plans): one entity per document,
// the document as JSON (`packJson`) plus `clusterKey`, `state`, `version`, `createdAt` and `ord` for the
// lists. `update` is a compare-and-swap at the ETag read, so of two instances writing the same version
// exactly one wins (the other gets false, as with SQLite's `WHERE version = ?`).
import { odata } from '@azure/data-tables';
import { clusterKey, ordinal, packJson, safeKey, unpackJson, type Entity, type SubStoreContext } from './table.ts';

interface VersionedDoc {
  id: string;
  version: number;
  state: string;
  createdAt: string;
  cluster: { id: string };
}

export interface VersionedDocs<T extends VersionedDoc> {
  insert(doc: T): void;
  get(id: string): T | undefined;
  update(id: string, expectedVersion: number, patch: Partial<Omit<T, 'id' | 'version'>>): boolean;
  /** Documents of one cluster, newest first. */
  listByCluster(clusterId: string): T[];
  /** Documents whose state is one of `states`, oldest first. */
  listByState(states: readonly string[]): T[];
}

/** The versioned documents of partition `pk` (`kind` names them in errors). */
export function versionedDocs<T extends VersionedDoc>({ table, undo }: SubStoreContext, pk: string, kind: string): VersionedDocs<T> {
  const parse = (e: Entity): T => ({ ...unpackJson<T>(e), version: e.version as number });
  const entity = (d: T, ord: string) => ({
    partitionKey: pk, rowKey: safeKey(d.id), clusterKey: clusterKey(d.cluster.id), state: d.state, version: d.version,
    createdAt: d.createdAt, ord, ...packJson(d),
  });
  const byCreated = (a: Entity, b: Entity) =>
    String(a.createdAt).localeCompare(String(b.createdAt)) || String(a.ord).localeCompare(String(b.ord));
  return {
    insert(doc) {
      const etag = table.create(entity(doc, ordinal()));
      if (!etag) throw new Error(`${kind} ${doc.id} already exists`);
      undo.onUndo(() => table.delete(pk, safeKey(doc.id), etag));
    },
    get(id) {
      const e = table.get(pk, safeKey(id));
      return e ? parse(e) : undefined;
    },
    update(id, expectedVersion, patch) {
      const e = table.get(pk, safeKey(id));
      if (!e || e.version !== expectedVersion) return false;
      const next = { ...parse(e), ...patch, id, version: expectedVersion + 1 } as T;
      const etag = table.replace(entity(next, e.ord as string), e.etag);
      if (!etag) return false; // another instance wrote first
      const { etag: _old, ...before } = e;
      undo.onUndo(() => table.replace(before, etag));
      return true;
    },
    listByCluster(clusterId) {
      return table.list(odata`PartitionKey eq ${pk} and clusterKey eq ${clusterKey(clusterId)}`)
        .sort((a, b) => byCreated(b, a)).map(parse);
    },
    listByState(states) {
      if (states.length === 0) return [];
      const wanted = new Set<string>(states);
      const found = states.length === 1
        ? table.list(odata`PartitionKey eq ${pk} and state eq ${states[0]}`)
        : table.list(odata`PartitionKey eq ${pk}`).filter((e) => wanted.has(e.state as string));
      return found.sort(byCreated).map(parse);
    },
  };
}
