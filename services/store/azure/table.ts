// One Azure table as the sub-stores use it: synchronous calls through the bridge, "not found",
// "already exists" and "changed since read" (ETag) as return values instead of errors, plus the
// helpers every sub-store needs (safe keys, JSON split over properties, insertion order, undo log).
import { StorageCallError, type StorageBridge } from './bridge.ts';

/** An entity as read: its keys, ETag and properties. */
export interface Entity {
  partitionKey: string;
  rowKey: string;
  etag: string;
  [property: string]: unknown;
}

/** An entity to write (no ETag). */
export type NewEntity = { partitionKey: string; rowKey: string } & Record<string, unknown>;

const status = (err: unknown): number | undefined => (err instanceof StorageCallError ? err.statusCode : undefined);

/** Runs `fn`; returns `onStatus` when storage answered one of `codes`, else rethrows. */
function unless<T>(codes: number[], onStatus: T, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const s = status(err);
    if (s !== undefined && codes.includes(s)) return onStatus;
    throw err;
  }
}

export class SyncTable {
  constructor(private readonly bridge: StorageBridge, readonly name: string) {}

  get(pk: string, rk: string): Entity | undefined {
    return this.bridge.call<Entity | null>({ op: 'get', table: this.name, pk, rk }) ?? undefined;
  }

  /** Inserts; returns the new ETag, or undefined when the entity already exists (409). */
  create(entity: NewEntity): string | undefined {
    return unless([409], undefined, () => this.bridge.call<{ etag: string }>({ op: 'create', table: this.name, entity }).etag);
  }

  /** Writes only if the stored ETag is still `etag`; returns the new ETag, or undefined when it
   * changed (412) or the entity is gone (404). */
  replace(entity: NewEntity, etag: string, mode: 'Replace' | 'Merge' = 'Replace'): string | undefined {
    return unless([404, 412], undefined,
      () => this.bridge.call<{ etag: string }>({ op: 'update', table: this.name, entity, mode, etag }).etag);
  }

  /** Inserts or replaces unconditionally. */
  upsert(entity: NewEntity, mode: 'Replace' | 'Merge' = 'Replace'): void {
    this.bridge.call({ op: 'upsert', table: this.name, entity, mode });
  }

  /** Deletes (only at `etag` unless `*`); false when absent or changed. */
  delete(pk: string, rk: string, etag = '*'): boolean {
    return unless([404, 412], false, () => {
      this.bridge.call({ op: 'delete', table: this.name, pk, rk, etag });
      return true;
    });
  }

  /** Entities matching an OData filter (build it with `odata` from @azure/data-tables). */
  list(filter: string, top?: number): Entity[] {
    return this.bridge.call<Entity[]>({ op: 'list', table: this.name, filter, ...(top !== undefined ? { top } : {}) });
  }

  /** Creates every entity (one partition) atomically; false when one already exists. */
  createAll(entities: NewEntity[]): boolean {
    return unless([409], false, () => {
      this.bridge.call({ op: 'batch', table: this.name, actions: entities.map((e) => ['create', e]) });
      return true;
    });
  }
}

/** A key safe for PartitionKey/RowKey (which refuse `/ \ # ?` and control characters): base64url. */
export const safeKey = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');

/** Cluster ids compare case-insensitively, without a trailing slash (as in the SQLite store). */
export const clusterKey = (clusterId: string): string => clusterId.replace(/\/+$/, '').toLowerCase();

// A string property holds at most 32K UTF-16 characters; JSON documents are split over `data0..dataN`.
const CHUNK = 30_000;

/** `value` as JSON in properties `<name>0..<name>N` (plus `<name>Parts`). */
export function packJson(value: unknown, name = 'data'): Record<string, unknown> {
  // ASCII only (other characters as JSON \u escapes): every character is one unit of the property
  // limit, and no multi-byte character is split across the chunks of a large request body.
  const text = JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const out: Record<string, unknown> = {};
  let parts = 0;
  for (let i = 0; i === 0 || i < text.length; i += CHUNK) out[`${name}${parts++}`] = text.slice(i, i + CHUNK);
  out[`${name}Parts`] = parts;
  return out;
}

/** The JSON value `packJson` stored in `entity`. */
export function unpackJson<T>(entity: Record<string, unknown>, name = 'data'): T {
  const parts = entity[`${name}Parts`] as number;
  let text = '';
  for (let i = 0; i < parts; i++) text += entity[`${name}${i}`] as string;
  return JSON.parse(text) as T;
}

let counter = 0;
/** A sortable insertion stamp (milliseconds + a per-process counter): stands in for SQLite's rowid order. */
export function ordinal(): string {
  counter = (counter + 1) % 1_000_000;
  return `${Date.now().toString().padStart(15, '0')}.${counter.toString().padStart(6, '0')}`;
}

/** Optional string property (absent or null: undefined). */
export const optStr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Compensating undo for `store.transaction`: Azure Tables has no transaction across tables, so
 * each write inside one records how to take it back, and a throwing transaction runs them in reverse.
 * The audit trail is never taken back (append-only; callers append last). */
export class UndoLog {
  private depth = 0;
  private undo: (() => void)[] = [];

  run<T>(fn: () => T): T {
    this.depth++;
    try {
      const value = fn();
      if (--this.depth === 0) this.undo = [];
      return value;
    } catch (err) {
      if (--this.depth === 0) {
        const steps = this.undo.reverse();
        this.undo = [];
        for (const step of steps) {
          try { step(); } catch { /* best effort: the original error is what the caller needs */ }
        }
      }
      throw err;
    }
  }

  /** Records how to take back a write just made (only inside a transaction). */
  onUndo(step: () => void): void {
    if (this.depth > 0) this.undo.push(step);
  }
}

/** What every sub-store gets: its table and the undo log of the store. */
export interface SubStoreContext {
  table: SyncTable;
  undo: UndoLog;
}
