import type { Migration } from '@skillnest/pools';

/**
 * The audit trail's schema, applied at startup to its pool (`applyMigrations`: once, under an
 * advisory lock, recorded in `skillnest_migrations` under a name that cannot clash with an app's
 * `NNN_name.sql` files), as the task store's is. One row per tool call; append-only but for
 * the retention delete.
 */
export const AUDIT_MIGRATIONS: Migration[] = [
  {
    name: 'skillnest-gateway/audit-001-create',
    sql: `
CREATE TABLE skillnest_audit (
  id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at               timestamptz NOT NULL,            -- when the call arrived
  gateway          text        NOT NULL,            -- the gateway's path (/mcp)
  via              text        NOT NULL,            -- mcp, rest, agent (a nested call), task (a task's work), stdio
  caller_id        text        NOT NULL,            -- static:<name>, jwt:<iss>|<sub>, introspection:<sub>, anonymous
  auth_method      text        NOT NULL,            -- static, jwt, introspection, anonymous, other
  client_name      text,
  client_version   text,
  client_era       text,                            -- modern (2026-07-28) or legacy
  tool             text        NOT NULL,
  request_id       text,
  arguments_sha256 text        NOT NULL,            -- hex SHA-256 of the arguments as canonical JSON (sorted keys)
  arguments        jsonb,                           -- only for tools with @Tool({ audit: { arguments: true } }), redacted
  outcome          text        NOT NULL,            -- ok, tool_error, invalid, input_required, task, refused, failed
  reason           text,
  duration_ms      double precision NOT NULL,
  error_id         text,
  task_id          text,
  trace_id         text,
  fields           jsonb                            -- what the skill added with ctx.audit({...})
);
-- Retention deletes by age; most questions are "in this period".
CREATE INDEX skillnest_audit_at_idx ON skillnest_audit (at);
-- Who did what, and who called a tool.
CREATE INDEX skillnest_audit_caller_idx ON skillnest_audit (caller_id, at);
CREATE INDEX skillnest_audit_tool_idx ON skillnest_audit (tool, at);
-- A task's records: its creation and its work.
CREATE INDEX skillnest_audit_task_idx ON skillnest_audit (task_id) WHERE task_id IS NOT NULL;
-- The error id a caller quotes to support.
CREATE INDEX skillnest_audit_error_idx ON skillnest_audit (error_id) WHERE error_id IS NOT NULL;
`,
  },
];
