import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startExampleApp, type RunningApp } from '../support/example-app.harness';
import { connectClient } from '../support/mcp-clients';
import { scrape } from '../support/prometheus-text';

const DIR = join(__dirname, '..', '..', 'deploy', 'observability');

/** The metric families an expression reads (`_bucket`, `_sum`, `_count` are series of a histogram). */
const metricsIn = (expr: string) => [...expr.matchAll(/\b(skillnest_[a-z_]+)/g)].map(([, name]) => name.replace(/_(bucket|sum|count)$/, ''));

interface Rule {
  alert: string;
  expr: string;
}

describe('deploy/observability: alert rules and the Grafana dashboard read metrics the app has', () => {
  let app: RunningApp;
  let families: Set<string>;

  beforeAll(async () => {
    app = await startExampleApp();
    // One call, so that every per-call family has a series.
    const { client } = await connectClient('v2 auto (2026-07-28)', app.mcpUrl);
    await client.callTool({ name: 'catalog_search_services', arguments: { query: 'pay' } });
    await client.close();
    families = new Set((await scrape(`${app.origin}/metrics`)).types.keys());
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('every alert rule has a name, an expression and a severity, and reads only metrics /metrics serves', () => {
    const rules = (parse(readFileSync(join(DIR, 'prometheus-alerts.yml'), 'utf8')) as { groups: Array<{ rules: Array<Rule & { labels: { severity: string } }> }> }).groups.flatMap(
      (group) => group.rules,
    );
    expect(rules.length).toBeGreaterThanOrEqual(10);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^Skillnest[A-Za-z]+$/);
      expect(['page', 'ticket']).toContain(rule.labels.severity);
      for (const name of metricsIn(rule.expr)) expect(families.has(name) ? name : `${rule.alert} reads ${name}, which /metrics does not serve`).toBe(name);
    }
  });

  it('every dashboard panel queries only metrics /metrics serves', () => {
    const dashboard = JSON.parse(readFileSync(join(DIR, 'grafana-dashboard.json'), 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    const read = dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => metricsIn(target.expr).map((name) => ({ panel: panel.title, name }))));
    expect(new Set(read.map((entry) => entry.name)).size).toBeGreaterThanOrEqual(15);
    for (const { panel, name } of read) expect(families.has(name) ? name : `panel "${panel}" reads ${name}, which /metrics does not serve`).toBe(name);
  });
});
