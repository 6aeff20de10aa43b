// The SQLite implementation of PlanStore (schema migration 6): one row per plan, its JSON in `data`,
// optimistic writes on `version` (two writers of one plan: one wins).
import type Database from 'better-sqlite3';
import type { PlanRecord, PlanStore } from './types.ts';

type Row = Record<string, unknown>;

const key = (clusterId: string): string => clusterId.replace(/\/+$/, '').toLowerCase();

/** PlanStore over the `plans` table of `db`. */
export function planStore(db: Database.Database): PlanStore {
  const parse = (r: Row): PlanRecord => ({ ...(JSON.parse(r.data as string) as PlanRecord), version: r.version as number });
  const ins = db.prepare(`INSERT INTO plans (id, cluster_id, state, version, created_at, updated_at, data)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const getOne = db.prepare('SELECT * FROM plans WHERE id = ?');
  const upd = db.prepare('UPDATE plans SET state = ?, version = version + 1, updated_at = ?, data = ? WHERE id = ? AND version = ?');
  const byCluster = db.prepare('SELECT * FROM plans WHERE cluster_id = ? ORDER BY created_at DESC, rowid DESC');
  const open = db.prepare(`SELECT * FROM plans WHERE state = 'open' ORDER BY created_at, rowid`);
  return {
    insert(plan) {
      ins.run(plan.id, key(plan.cluster.id), plan.state, plan.version, plan.createdAt, plan.updatedAt, JSON.stringify(plan));
    },
    get(id) {
      const r = getOne.get(id) as Row | undefined;
      return r ? parse(r) : undefined;
    },
    update(id, expectedVersion, patch) {
      return db.transaction(() => {
        const r = getOne.get(id) as Row | undefined;
        if (!r || r.version !== expectedVersion) return false;
        const next: PlanRecord = { ...parse(r), ...patch, id, version: expectedVersion + 1 };
        return upd.run(next.state, next.updatedAt, JSON.stringify(next), id, expectedVersion).changes === 1;
      }).immediate(); // write lock first, as for requests (two processes reading then upgrading would get SQLITE_BUSY)
    },
    listByCluster(clusterId) {
      return (byCluster.all(key(clusterId)) as Row[]).map(parse);
    },
    listOpen() {
      return (open.all() as Row[]).map(parse);
    },
  };
}
