import type { PoolDirectory, PoolStats } from '@skillnest/pools';
import type { Registry } from 'prom-client';
import { readCounter, readGauge, type Reading } from './metric-readers';

type Pick<K extends PoolStats['kind']> = (stats: Extract<PoolStats, { kind: K }>) => Reading[];

/** Every PostgreSQL and HTTP pool of the app (`PoolDirectory`), read from each pool's `stats()` at a scrape. */
export function registerPoolMetrics(registry: Registry, directory: PoolDirectory): void {
  const each =
    <K extends PoolStats['kind']>(kind: K, pick: Pick<K>) =>
    (): Reading[] =>
      directory.all().flatMap((pool) => {
        const stats = pool.stats?.();
        return stats?.kind === kind ? pick(stats as Extract<PoolStats, { kind: K }>) : [];
      });
  readGauge(registry, {
    name: 'skillnest_pg_pool_connections',
    help: 'Connections of each PostgreSQL pool: open in all (total), idle, and the pool maximum (max).',
    labelNames: ['pool', 'state'],
    read: each('postgres', (stats) => [
      [{ pool: stats.name, state: 'total' }, stats.total],
      [{ pool: stats.name, state: 'idle' }, stats.idle],
      [{ pool: stats.name, state: 'max' }, stats.max],
    ]),
  });
  readGauge(registry, {
    name: 'skillnest_pg_pool_waiting',
    help: 'Queries waiting for a connection of each PostgreSQL pool (it is at its maximum).',
    labelNames: ['pool'],
    read: each('postgres', (stats) => [[{ pool: stats.name }, stats.waiting]]),
  });
  readCounter(registry, {
    name: 'skillnest_pg_pool_errors_total',
    help: 'Connections of each PostgreSQL pool that failed while open (idle or in use).',
    labelNames: ['pool'],
    read: each('postgres', (stats) => [[{ pool: stats.name }, stats.errors]]),
  });
  readGauge(registry, {
    name: 'skillnest_http_pool_connections',
    help: 'Connections of each HTTP pool to its upstream: connected, and free (connected, not in use).',
    labelNames: ['pool', 'state'],
    read: each('http', (stats) => [
      [{ pool: stats.name, state: 'connected' }, stats.connected],
      [{ pool: stats.name, state: 'free' }, stats.free],
    ]),
  });
  readGauge(registry, {
    name: 'skillnest_http_pool_requests',
    help: 'Requests of each HTTP pool: running (sent, being answered), pending (given to a connection, not sent yet) and queued (waiting for a free connection).',
    labelNames: ['pool', 'state'],
    read: each('http', (stats) => [
      [{ pool: stats.name, state: 'running' }, stats.running],
      [{ pool: stats.name, state: 'pending' }, stats.pending],
      [{ pool: stats.name, state: 'queued' }, stats.queued],
    ]),
  });
  readCounter(registry, {
    name: 'skillnest_http_pool_errors_total',
    help: 'Requests of each HTTP pool that got no usable answer, by reason (timeout, unreachable, reset, too_large, status, bad_body, cancelled).',
    labelNames: ['pool', 'reason'],
    read: each('http', (stats) => Object.entries(stats.errors).map(([reason, count]) => [{ pool: stats.name, reason }, count] as const)),
  });
}
