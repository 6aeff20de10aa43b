// Ordered schema migrations of the embedded store. Append only: never edit a released step.
import type Database from 'better-sqlite3';
import { chainExistingAuditRows } from './audit-chain.ts';
import { DIGEST_MIGRATION_SQL } from './sqlite-digest-store.ts';
import { SCHEDULES_MIGRATION } from './sqlite-schedules.ts';

/** One schema step; `version` numbers are 1, 2, 3, ... in order. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Runs after `sql` in the same transaction, for steps SQL alone cannot do (e.g. hashing rows). */
  run?: (db: Database.Database) => void;
}

/** Every schema step, in order. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'conversation references and channel subscriptions',
    sql: `
      CREATE TABLE conversations (
        conversation_id   TEXT PRIMARY KEY,
        channel_id        TEXT NOT NULL,
        service_url       TEXT NOT NULL,
        tenant_id         TEXT,
        conversation_type TEXT,
        is_channel        INTEGER NOT NULL,
        reference         TEXT NOT NULL,
        subscribed        INTEGER NOT NULL DEFAULT 0,
        updated_at        TEXT NOT NULL
      );`,
  },
  {
    version: 2,
    description: 'requests, cluster locks, audit log',
    sql: `
      CREATE TABLE requests (
        id          TEXT PRIMARY KEY,
        cluster_id  TEXT NOT NULL,
        state       TEXT NOT NULL,
        version     INTEGER NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        expires_at  TEXT NOT NULL,
        data        TEXT NOT NULL
      );
      CREATE INDEX requests_cluster ON requests(cluster_id, created_at);
      CREATE INDEX requests_state ON requests(state);
      CREATE TABLE locks (
        cluster_id  TEXT PRIMARY KEY,
        request_id  TEXT NOT NULL,
        holder      TEXT NOT NULL,
        acquired_at TEXT NOT NULL
      );
      CREATE TABLE audit (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        kind        TEXT NOT NULL,
        request_id  TEXT NOT NULL,
        cluster_id  TEXT NOT NULL,
        at          TEXT NOT NULL,
        actor_id    TEXT,
        actor_name  TEXT,
        report_hash TEXT,
        etag        TEXT,
        operation   TEXT,
        detail      TEXT
      );
      CREATE INDEX audit_cluster ON audit(cluster_id, seq);
      CREATE INDEX audit_request ON audit(request_id, seq);
      CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
      CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;`,
  },
  {
    version: 3,
    description: 'operations and posted milestones',
    sql: `
      CREATE TABLE operations (
        id          TEXT PRIMARY KEY,
        request_id  TEXT NOT NULL UNIQUE,
        cluster_id  TEXT NOT NULL,
        status      TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        data        TEXT NOT NULL
      );
      CREATE INDEX operations_status ON operations(status);
      CREATE INDEX operations_cluster ON operations(cluster_id, started_at);
      CREATE TABLE milestones (
        operation_id TEXT NOT NULL,
        key          TEXT NOT NULL,
        state        TEXT NOT NULL,
        activity_id  TEXT,
        data         TEXT,
        at           TEXT NOT NULL,
        PRIMARY KEY (operation_id, key)
      );`,
  },
  {
    version: 4,
    description: 'tamper-evident audit trail: each entry carries the hash of the previous one',
    sql: `
      ALTER TABLE audit ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit ADD COLUMN hash TEXT;
      DROP TRIGGER IF EXISTS audit_no_update;`,
    run: (db) => {
      chainExistingAuditRows(db);
      db.exec(`
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
        CREATE TRIGGER audit_hash_required BEFORE INSERT ON audit WHEN NEW.hash IS NULL OR NEW.prev_hash IS NULL
          BEGIN SELECT RAISE(ABORT, 'audit entries must carry their chain hash'); END;`);
    },
  },
  {
    version: 5,
    description: 'per-user settings (e.g. the pinned reply language)',
    sql: `
      CREATE TABLE user_settings (
        user_key    TEXT NOT NULL,
        name        TEXT NOT NULL,
        value       TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (user_key, name)
      );`,
  },
  {
    version: 6,
    description: 'migration plans (steps, goal, thread)',
    sql: `
      CREATE TABLE plans (
        id          TEXT PRIMARY KEY,
        cluster_id  TEXT NOT NULL,
        state       TEXT NOT NULL,
        version     INTEGER NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        data        TEXT NOT NULL
      );
      CREATE INDEX plans_cluster ON plans(cluster_id, created_at);
      CREATE INDEX plans_state ON plans(state);`,
  },
  {
    version: 7,
    description: 'weekly readiness digest: channels, posts claimed per period, fleet records',
    sql: DIGEST_MIGRATION_SQL,
  },
  SCHEDULES_MIGRATION,
  {
    version: 9,
    description: 'choice tokens behind card buttons (a click may land on any instance)',
    sql: `
      CREATE TABLE IF NOT EXISTS pending_choices (
        token           TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        payload         TEXT NOT NULL,
        created_at      TEXT NOT NULL,
        expires_at      TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS pending_choices_expiry ON pending_choices(expires_at);`,
  },
];
