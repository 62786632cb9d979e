import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..');

interface K8sObject {
  kind: string;
  metadata: { name: string };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary manifest JSON, asserted field by field
  spec?: Record<string, any>;
}

/**
 * Builds the manifests as a user would: copy `deploy/k8s`, create the three secret files the
 * README asks for, `kubectl kustomize`, then validate every object against the Kubernetes
 * schemas (`scripts/validate-k8s.mjs`, `kubernetes-models`).
 */
function build(target: string): { objects: K8sObject[]; raw: string } {
  const dir = mkdtempSync(join(tmpdir(), 'skillnest-k8s-'));
  try {
    cpSync(join(ROOT, 'deploy', 'k8s'), dir, { recursive: true });
    for (const [file, value] of [
      ['tokens', 'ops=0123456789abcdef\n'],
      ['state-key', 'a'.repeat(64)],
      ['database-url', 'postgres://skillnest:pw@postgres:5432/skillnest'],
    ])
      writeFileSync(join(dir, 'base', 'secrets', file), value);
    const raw = execFileSync('kubectl', ['kustomize', join(dir, target)], { encoding: 'utf8' });
    return { raw, objects: parseAllDocuments(raw).map((document) => document.toJS() as K8sObject) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const validate = (raw: string) => {
  const run = spawnSync('node', [join(ROOT, 'scripts', 'validate-k8s.mjs')], { input: raw, encoding: 'utf8', cwd: ROOT });
  return { status: run.status, report: JSON.parse(run.stdout) as { objects: unknown[]; errors: unknown[] } };
};

describe.each(['base', 'overlays/dev'])('deploy/k8s/%s', (target) => {
  const { objects, raw } = build(target);
  const byKind = (kind: string) => objects.find((object) => object.kind === kind)!;

  it('builds offline and every object validates against the Kubernetes schemas', () => {
    const { status, report } = validate(raw);
    expect(report.errors).toEqual([]);
    expect(status).toBe(0);
    expect(objects.map((object) => object.kind).sort()).toEqual(
      ['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Namespace', 'PodDisruptionBudget', 'Secret', 'Service', 'ServiceAccount'].sort(),
    );
  });

  it('probes, drains and runs as a non-root, read-only container', () => {
    const pod = byKind('Deployment').spec!.template.spec;
    const [app] = pod.containers;
    expect(app.readinessProbe.httpGet.path).toBe('/readyz');
    expect(app.livenessProbe.httpGet.path).toBe('/healthz');
    expect(app.startupProbe.httpGet.path).toBe('/healthz');
    expect(app.lifecycle.preStop.sleep.seconds).toBeGreaterThan(0);
    const config = byKind('ConfigMap') as unknown as { data: Record<string, string> };
    const drainSec = (Number(config.data.SKILLNEST_DRAIN_TIMEOUT_MS) + Number(config.data.SKILLNEST_DRAIN_LINGER_MS)) / 1000;
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drainSec + app.lifecycle.preStop.sleep.seconds);
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(app.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(app.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
    expect(app.resources.limits).toMatchObject({ memory: expect.any(String) });
  });

  it('keeps secrets out of the ConfigMap and wires them from the generated Secret', () => {
    const secret = byKind('Secret');
    const pod = byKind('Deployment').spec!.template.spec;
    expect(Object.keys((secret as unknown as { data: object }).data).sort()).toEqual(['database-url', 'state-key', 'tokens']);
    expect(pod.volumes.find((volume: { name: string }) => volume.name === 'secrets').secret.secretName).toBe(secret.metadata.name);
    const config = JSON.stringify(byKind('ConfigMap'));
    expect(config).not.toMatch(/postgres:\/\/|0123456789abcdef/);
  });

  it('the Service, PodDisruptionBudget and HorizontalPodAutoscaler select and scale the Deployment', () => {
    const deployment = byKind('Deployment');
    const labels = deployment.spec!.template.metadata.labels;
    for (const selector of [byKind('Service').spec!.selector, byKind('PodDisruptionBudget').spec!.selector.matchLabels]) {
      for (const [key, value] of Object.entries(selector)) expect(labels[key]).toBe(value);
    }
    expect(byKind('HorizontalPodAutoscaler').spec!.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
    expect(byKind('PodDisruptionBudget').spec!.minAvailable).toBeLessThan(deployment.spec!.replicas);
  });
});

describe('scripts/validate-k8s.mjs', () => {
  it('reports an object that breaks the schema', () => {
    const { status, report } = validate('apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: bad }\nspec: { replicas: three, selector: {}, template: {} }\n');
    expect(status).toBe(1);
    expect(JSON.stringify(report.errors)).toMatch(/replicas must be integer/);
  });
});
