import type { Migration } from '@skillnest/pools';

/**
 * The gateway's own schema, applied at startup to the pool that keeps tasks (`applyMigrations`:
 * once, under an advisory lock, recorded in `skillnest_migrations` under names that cannot clash
 * with an app's `NNN_name.sql` files). Written here rather than as `.sql` files so that it ships
 * inside the compiled library.
 */
export const TASK_MIGRATIONS: Migration[] = [
  {
    name: 'skillnest-gateway/tasks-001-create',
    sql: `
CREATE TABLE skillnest_tasks (
  id               text        PRIMARY KEY,
  gateway          text        NOT NULL,
  principal        text        NOT NULL,
  tool             text        NOT NULL,
  arguments        jsonb       NOT NULL,
  caller           jsonb       NOT NULL,
  client           jsonb       NOT NULL,
  status           text        NOT NULL CHECK (status IN ('working', 'input_required', 'completed', 'failed', 'cancelled')),
  status_message   text,
  result           jsonb,
  error            jsonb,
  input_requests   jsonb       NOT NULL DEFAULT '{}',
  answers          jsonb       NOT NULL DEFAULT '{}',
  rerunnable       boolean     NOT NULL DEFAULT false,
  attempts         integer     NOT NULL DEFAULT 1,
  lease_owner      text,
  lease_expires_at timestamptz,
  ttl_ms           bigint      NOT NULL, -- read back as a number (task-store)
  poll_interval_ms integer     NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL
);
-- The sweeps: leases that ran out, rows past their time to live.
CREATE INDEX skillnest_tasks_leases_idx ON skillnest_tasks (gateway, lease_expires_at) WHERE status IN ('working', 'input_required');
CREATE INDEX skillnest_tasks_expiry_idx ON skillnest_tasks (expires_at);
-- The caps, counted from indexes alone: what one principal keeps, and runs.
CREATE INDEX skillnest_tasks_principal_idx ON skillnest_tasks (gateway, principal, expires_at);
CREATE INDEX skillnest_tasks_principal_active_idx ON skillnest_tasks (gateway, principal) WHERE status IN ('working', 'input_required');
`,
  },
];
