// The SQLite implementation of ScheduleStore (table `schedules`, schema step 8).
import type Database from 'better-sqlite3';
import type { ScheduledStart, ScheduleStore } from './schedules.ts';

/** Schema step 8: scheduled starts (steps 6 and 7 belong to other features). */
export const SCHEDULES_MIGRATION: { version: number; description: string; sql: string } = {
  version: 8,
  description: 'scheduled starts of approved requests',
  sql: `
    CREATE TABLE schedules (
      request_id  TEXT PRIMARY KEY,
      cluster_id  TEXT NOT NULL,
      state       TEXT NOT NULL,
      due_at      TEXT NOT NULL,
      updated_at  TEXT NOT NULL,
      data        TEXT NOT NULL
    );
    CREATE INDEX schedules_waiting ON schedules(state, due_at);`,
};

type Row = { data: string };

/** The schedule store over an open, migrated database. */
export function scheduleStore(db: Database.Database): ScheduleStore {
  const ins = db.prepare(`INSERT INTO schedules (request_id, cluster_id, state, due_at, updated_at, data)
    VALUES (@requestId, @clusterId, @state, @dueAt, @updatedAt, @data)`);
  const getOne = db.prepare('SELECT data FROM schedules WHERE request_id = ?');
  const waiting = db.prepare(`SELECT data FROM schedules WHERE state = 'waiting' ORDER BY due_at, request_id`);
  const settle = db.prepare(`UPDATE schedules SET state = ?, updated_at = ?, data = ? WHERE request_id = ? AND state = 'waiting'`);
  const parse = (r: Row): ScheduledStart => JSON.parse(r.data) as ScheduledStart;
  return {
    insert(s) {
      ins.run({ requestId: s.requestId, clusterId: s.clusterId.toLowerCase(), state: s.state, dueAt: s.dueAt, updatedAt: s.updatedAt, data: JSON.stringify(s) });
    },
    get(requestId) {
      const r = getOne.get(requestId) as Row | undefined;
      return r ? parse(r) : undefined;
    },
    listWaiting() {
      return (waiting.all() as Row[]).map(parse);
    },
    settle(requestId, state, at, reason) {
      const r = getOne.get(requestId) as Row | undefined;
      if (!r) return false;
      const next: ScheduledStart = { ...parse(r), state, updatedAt: at, ...(reason ? { reason } : {}) };
      return settle.run(state, at, JSON.stringify(next), requestId).changes === 1;
    },
  };
}
