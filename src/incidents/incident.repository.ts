import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { InjectPgPool } from '@skillnest/pools';
import type { Incident, IncidentStatus, Severity, TimelineEntry } from './incident.interface';

interface IncidentRow {
  id: string;
  service: string;
  severity: Severity;
  title: string;
  status: IncidentStatus;
  opened_by: string;
  opened_at: Date;
  customers_affected: number;
  regions: string[];
  timeline: Array<{ at: string; by: string; status: IncidentStatus; note: string }> | null;
}

const INCIDENT_COLUMNS = `
  i.id, i.service, i.severity, i.title, i.status, i.opened_by, i.opened_at, i.customers_affected, i.regions,
  (SELECT json_agg(json_build_object('at', t.at, 'by', t.by_caller, 'status', t.status, 'note', t.note) ORDER BY t.id)
     FROM incident_timeline t WHERE t.incident_id = i.id) AS timeline`;

/** `INC-1001` to 1001; undefined for anything else, so a bad id is a miss, not a SQL error. */
export function parseIncidentId(ref: string): string | undefined {
  return /^INC-(\d{1,18})$/.exec(ref)?.[1];
}

function toIncident(row: IncidentRow): Incident {
  return {
    id: `INC-${row.id}`,
    service: row.service,
    severity: row.severity,
    title: row.title,
    status: row.status,
    openedBy: row.opened_by,
    openedAt: row.opened_at.toISOString(),
    customersAffected: row.customers_affected,
    regions: row.regions,
    timeline: (row.timeline ?? []).map((entry): TimelineEntry => ({ ...entry, at: new Date(entry.at).toISOString() })),
  };
}

/** The incident log in PostgreSQL. Every value is a bound parameter; no SQL is built from input. */
@Injectable()
export class IncidentRepository {
  constructor(@InjectPgPool() private readonly pool: Pool) {}

  async create(fields: {
    service: string;
    severity: Severity;
    title: string;
    summary: string;
    openedBy: string;
    customersAffected: number;
    regions: string[];
  }): Promise<Incident> {
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO incidents (service, severity, title, opened_by, customers_affected, regions, search)
         VALUES ($1, $2, $3, $4, $5, $6, to_tsvector('english', $3 || ' ' || $7))
         RETURNING id`,
        [fields.service, fields.severity, fields.title, fields.openedBy, fields.customersAffected, fields.regions, fields.summary],
      );
      await client.query('INSERT INTO incident_timeline (incident_id, by_caller, status, note) VALUES ($1, $2, $3, $4)', [rows[0].id, fields.openedBy, 'open', fields.summary]);
      return (await this.load(client, rows[0].id))!;
    });
  }

  async get(ref: string): Promise<Incident | undefined> {
    const id = parseIncidentId(ref);
    return id ? this.load(this.pool, id) : undefined;
  }

  /**
   * Moves an incident to `status` with a timeline note, unless it is resolved. The row lock keeps
   * two concurrent updates from both passing the check.
   */
  async update(ref: string, change: { status: IncidentStatus; note: string; by: string }): Promise<Incident | 'missing' | 'resolved'> {
    const id = parseIncidentId(ref);
    if (!id) return 'missing';
    return this.transaction(async (client) => {
      const { rows } = await client.query<{ status: IncidentStatus }>('SELECT status FROM incidents WHERE id = $1 FOR UPDATE', [id]);
      if (rows.length === 0) return 'missing';
      if (rows[0].status === 'resolved') return 'resolved';
      await client.query(`UPDATE incidents SET status = $2, search = search || to_tsvector('english', $3) WHERE id = $1`, [id, change.status, change.note]);
      await client.query('INSERT INTO incident_timeline (incident_id, by_caller, status, note) VALUES ($1, $2, $3, $4)', [id, change.by, change.status, change.note]);
      return (await this.load(client, id))!;
    });
  }

  async listRecent(filter: { status?: IncidentStatus; service?: string; limit: number }): Promise<Incident[]> {
    const { rows } = await this.pool.query<IncidentRow>(
      `SELECT ${INCIDENT_COLUMNS} FROM incidents i
        WHERE ($1::text IS NULL OR i.status = $1) AND ($2::text IS NULL OR i.service = $2)
        ORDER BY i.opened_at DESC, i.id DESC LIMIT $3`,
      [filter.status ?? null, filter.service ?? null, filter.limit],
    );
    return rows.map(toIncident);
  }

  /** Full-text search over titles, summaries and timeline notes, best match first. */
  async search(query: string, limit: number): Promise<Array<Incident & { rank: number }>> {
    const { rows } = await this.pool.query<IncidentRow & { rank: number }>(
      `SELECT ${INCIDENT_COLUMNS}, ts_rank(i.search, q) AS rank
         FROM incidents i, websearch_to_tsquery('english', $1) q
        WHERE i.search @@ q
        ORDER BY rank DESC, i.opened_at DESC LIMIT $2`,
      [query, limit],
    );
    return rows.map((row) => ({ ...toIncident(row), rank: Number(Number(row.rank).toFixed(4)) }));
  }

  private async load(runner: Pool | PoolClient, id: string): Promise<Incident | undefined> {
    const { rows } = await runner.query<IncidentRow>(`SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE i.id = $1`, [id]);
    return rows[0] ? toIncident(rows[0]) : undefined;
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let failure: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A failed transaction may mean a dead connection: hand it back as broken so the pool
      // replaces it instead of giving it to the next caller.
      failure = error instanceof Error ? error : new Error('transaction failed');
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(failure);
    }
  }
}
