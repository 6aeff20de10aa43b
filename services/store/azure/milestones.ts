// Milestones on Azure Tables: partition = operation, row = milestone key. `claim` is an atomic create
// (409: someone claimed it first), so of two watchers exactly one sends a milestone.
import { odata } from '@azure/data-tables';
import type { Milestone, MilestoneStore } from '../types.ts';
import { optStr, ordinal, safeKey, type Entity, type SubStoreContext } from './table.ts';

const ATTEMPTS = 10;

export function azureMilestoneStore({ table }: SubStoreContext): MilestoneStore {
  const toM = (e: Entity): Milestone => {
    const m: Milestone = { operationId: e.operationId as string, key: e.key as string, state: e.state as Milestone['state'], at: e.at as string };
    const activityId = optStr(e.activityId);
    if (activityId !== undefined) m.activityId = activityId;
    if (typeof e.data === 'string') m.data = JSON.parse(e.data) as Record<string, unknown>;
    return m;
  };
  const row = (operationId: string, key: string) => ({ partitionKey: safeKey(operationId), rowKey: safeKey(key), operationId, key });
  /** Read-modify-write of one milestone at its ETag; `create` when it does not exist (undefined: leave it). */
  const change = (operationId: string, key: string, merge: (e: Entity) => Record<string, unknown>,
    create?: () => Record<string, unknown>): void => {
    const r = row(operationId, key);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const e = table.get(r.partitionKey, r.rowKey);
      if (!e) {
        if (!create || table.create({ ...r, ...create() })) return;
        continue;
      }
      if (table.replace({ ...r, ...merge(e) }, e.etag, 'Merge')) return;
    }
    throw new Error(`milestone ${key} of ${operationId} keeps changing; try again`);
  };
  return {
    claim(operationId, key, data) {
      return table.create({ ...row(operationId, key), state: 'claimed', at: new Date().toISOString(), ord: ordinal(),
        ...(data === undefined ? {} : { data: JSON.stringify(data) }) }) !== undefined;
    },
    get(operationId, key) {
      const e = table.get(safeKey(operationId), safeKey(key));
      return e ? toM(e) : undefined;
    },
    markDone(operationId, key, activityId) {
      change(operationId, key, () => ({ state: 'done', ...(activityId !== undefined ? { activityId } : {}) }));
    },
    setActivityId(operationId, key, activityId) {
      change(operationId, key, () => ({ activityId }),
        () => ({ state: 'done', activityId, at: new Date().toISOString(), ord: ordinal() }));
    },
    list(operationId) {
      return table.list(odata`PartitionKey eq ${safeKey(operationId)}`)
        .sort((a, b) => String(a.ord).localeCompare(String(b.ord))).map(toM);
    },
  };
}
