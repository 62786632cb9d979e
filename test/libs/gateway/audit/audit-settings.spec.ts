import { ObservabilityModule, observabilityOptionsFromEnv } from '@skillnest/gateway';
import { auditOptionsFromEnv } from '../../../../libs/gateway/src/observe/audit/audit-env.util';
import { resolveAuditSettings } from '../../../../libs/gateway/src/observe/audit/audit-settings';

describe('audit settings', () => {
  it('are on with every default when the environment says nothing, off with SKILLNEST_AUDIT=off', () => {
    expect(auditOptionsFromEnv({})).toEqual({});
    expect(resolveAuditSettings(auditOptionsFromEnv({}) || undefined)).toEqual({
      pool: 'default',
      retentionDays: 90,
      retentionIntervalMs: 3_600_000,
      retentionBatch: 5_000,
      flushIntervalMs: 1_000,
      batchSize: 500,
      maxPending: 10_000,
      maxArgumentBytes: 8_192,
      shutdownFlushMs: 1_000,
    });
    expect(auditOptionsFromEnv({ SKILLNEST_AUDIT: 'off' })).toBe(false);
    expect(observabilityOptionsFromEnv({ SKILLNEST_AUDIT: 'on' }).audit).toEqual({});
  });

  it('reads every variable', () => {
    const env = {
      SKILLNEST_AUDIT_POOL: 'audit',
      SKILLNEST_AUDIT_RETENTION_DAYS: '0',
      SKILLNEST_AUDIT_RETENTION_INTERVAL_MS: '60000',
      SKILLNEST_AUDIT_RETENTION_BATCH: '100',
      SKILLNEST_AUDIT_FLUSH_INTERVAL_MS: '250',
      SKILLNEST_AUDIT_BATCH_SIZE: '50',
      SKILLNEST_AUDIT_MAX_PENDING: '1000',
      SKILLNEST_AUDIT_MAX_ARGUMENT_BYTES: '1024',
      SKILLNEST_AUDIT_SHUTDOWN_FLUSH_MS: '0',
    };
    expect(resolveAuditSettings(auditOptionsFromEnv(env) || undefined)).toEqual({
      pool: 'audit',
      retentionDays: 0,
      retentionIntervalMs: 60_000,
      retentionBatch: 100,
      flushIntervalMs: 250,
      batchSize: 50,
      maxPending: 1_000,
      maxArgumentBytes: 1_024,
      shutdownFlushMs: 0,
    });
  });

  it.each([
    [{ SKILLNEST_AUDIT: 'yes' }, 'SKILLNEST_AUDIT="yes" is not valid: use on or off.'],
    [{ SKILLNEST_AUDIT_BATCH_SIZE: 'lots' }, 'audit.batchSize (SKILLNEST_AUDIT_BATCH_SIZE) "lots" is not valid: use a whole number.'],
    [{ SKILLNEST_AUDIT_BATCH_SIZE: '0' }, 'audit.batchSize (SKILLNEST_AUDIT_BATCH_SIZE) 0 is not valid: use a whole number, 1 or more.'],
    [{ SKILLNEST_AUDIT_MAX_PENDING: '1.5' }, 'audit.maxPending (SKILLNEST_AUDIT_MAX_PENDING) 1.5 is not valid: use a whole number, 1 or more.'],
    [{ SKILLNEST_AUDIT_RETENTION_DAYS: '-1' }, 'audit.retentionDays (SKILLNEST_AUDIT_RETENTION_DAYS) -1 is not valid: use a whole number, 0 or more.'],
    [
      { SKILLNEST_AUDIT_FLUSH_INTERVAL_MS: '3000000000' },
      'audit.flushIntervalMs (SKILLNEST_AUDIT_FLUSH_INTERVAL_MS) 3000000000 is too long: use at most 2147483647 milliseconds.',
    ],
  ])('fail startup clearly on a bad value: %j', (env, message) => {
    expect(() => ObservabilityModule.forRoot(observabilityOptionsFromEnv(env))).toThrow(message);
  });

  it('refuse an empty pool name', () => {
    expect(() => resolveAuditSettings({ pool: ' ' })).toThrow('audit.pool (SKILLNEST_AUDIT_POOL) " " is not valid');
  });
});
