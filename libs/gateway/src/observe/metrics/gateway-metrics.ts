import type { Registry } from 'prom-client';
import type { GatewayTelemetry } from '../gateway-telemetry';
import { FRONT_DOORS, RATE_SLOT, SCOPE_SLOT, type CallTallies } from './call-tallies';
import { readCounter, readGauge, type Reading } from './metric-readers';

const REST = FRONT_DOORS.indexOf('rest');

/** Refusals the dispatcher itself answered (observed), by gateway: a skill's rate budget per skill, and REST's 403 for a missing scope. */
function observedRefusals(tallies: CallTallies) {
  const rate = new Map<string, Map<string, number>>();
  const scope = new Map<string, number>();
  for (const tally of tallies.all()) {
    const rated = FRONT_DOORS.reduce((sum, _door, index) => sum + tally.count(index, RATE_SLOT), 0);
    if (rated > 0) {
      const perSkill = rate.get(tally.gateway) ?? new Map<string, number>();
      rate.set(tally.gateway, perSkill.set(tally.skill, (perSkill.get(tally.skill) ?? 0) + rated));
    }
    const scoped = tally.count(REST, SCOPE_SLOT);
    if (scoped > 0) scope.set(tally.gateway, (scope.get(tally.gateway) ?? 0) + scoped);
  }
  return { rate, scope };
}

/** What is open on each gateway, and its refusals: read from each gateway's `GatewayTelemetry` at a scrape. */
export function registerGatewayMetrics(registry: Registry, gateways: () => readonly GatewayTelemetry[], tallies: CallTallies): void {
  const open = (pick: (counts: ReturnType<GatewayTelemetry['openCounts']>) => number | undefined): Reading[] =>
    gateways().flatMap((gateway) => {
      const value = pick(gateway.openCounts());
      return value === undefined ? [] : [[{ gateway: gateway.path }, value] as const];
    });
  readGauge(registry, {
    name: 'skillnest_requests_in_flight',
    help: 'MCP and REST requests being answered (what a drain waits for; notification streams are not counted).',
    labelNames: ['gateway'],
    read: () => open((counts) => counts.inFlight),
  });
  readGauge(registry, {
    name: 'skillnest_legacy_sessions',
    help: 'Open legacy (2025) sessions, when this process holds them (absent when Redis does: they are shared by every replica).',
    labelNames: ['gateway'],
    read: () => open((counts) => counts.legacySessions),
  });
  readGauge(registry, {
    name: 'skillnest_legacy_live_sessions',
    help: 'Legacy sessions with a live server on this replica (GET stream, subscriptions or server-to-client requests).',
    labelNames: ['gateway'],
    read: () => open((counts) => counts.liveSessions),
  });
  readGauge(registry, {
    name: 'skillnest_streams_open',
    help: 'Notification streams open on this replica: legacy GET streams (get) and subscriptions/listen streams (listen).',
    labelNames: ['gateway', 'stream'],
    read: () =>
      gateways().flatMap((gateway) => {
        const counts = gateway.openCounts();
        return [[{ gateway: gateway.path, stream: 'get' }, counts.sessionStreams] as const, [{ gateway: gateway.path, stream: 'listen' }, counts.listenStreams] as const];
      }),
  });
  readCounter(registry, {
    name: 'skillnest_auth_failures_total',
    help: 'Requests refused for their credentials: missing, malformed, token_in_query, invalid (unknown, expired, wrong audience), rejected, unavailable, busy, insufficient_scope.',
    labelNames: ['gateway', 'reason'],
    read: () => {
      const { scope } = observedRefusals(tallies);
      return gateways().flatMap((gateway) => {
        const counts = new Map(gateway.refusals.authFailures());
        const rest = scope.get(gateway.path) ?? 0;
        if (rest > 0) counts.set('insufficient_scope', (counts.get('insufficient_scope') ?? 0) + rest);
        return [...counts].map(([reason, count]) => [{ gateway: gateway.path, reason }, count] as const);
      });
    },
  });
  readCounter(registry, {
    name: 'skillnest_rate_limit_refusals_total',
    help: "Requests and calls refused by a rate budget: the principal's (scope principal) or a tool's per caller (scope skill, with the tool).",
    labelNames: ['gateway', 'scope', 'skill'],
    read: () => {
      const { rate } = observedRefusals(tallies);
      return gateways().flatMap((gateway) => {
        const perSkill = new Map(rate.get(gateway.path));
        const readings: Reading[] = [];
        for (const { scope, skill, count } of gateway.refusals.rateRefusals()) {
          if (scope === 'principal') readings.push([{ gateway: gateway.path, scope }, count]);
          else perSkill.set(skill!, (perSkill.get(skill!) ?? 0) + count);
        }
        for (const [skill, count] of perSkill) readings.push([{ gateway: gateway.path, scope: 'skill', skill }, count]);
        return readings;
      });
    },
  });
}
