// Validates Kubernetes objects (a multi-document YAML stream on stdin, as `kubectl kustomize`
// prints it) against the Kubernetes OpenAPI schemas shipped in `kubernetes-models`. Prints one
// JSON line: { objects: [{ kind, name }], errors: [{ kind, name, message }] }; exit 1 on errors.
// An ES module because `kubernetes-models` is ESM-only (jest runs CommonJS).
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import * as models from 'kubernetes-models';

const GROUPS = {
  v1: models.v1,
  'apps/v1': models.apps?.v1,
  'policy/v1': models.policy?.v1,
  'autoscaling/v2': models.autoscaling?.v2,
  'networking.k8s.io/v1': models.networkingK8sIo?.v1,
};

const objects = [];
const errors = [];
for (const document of parseAllDocuments(readFileSync(0, 'utf8'))) {
  const object = document.toJS();
  if (!object) continue;
  const name = object.metadata?.name;
  objects.push({ kind: object.kind, name });
  // kustomize folds long base64 values over lines; the API server's decoder (Go's base64)
  // skips line breaks, the schema's "byte" format does not, so compare what the server reads.
  if (object.kind === 'Secret' && object.data) {
    for (const key of Object.keys(object.data)) object.data[key] = String(object.data[key]).replace(/\s+/g, '');
  }
  const Model = GROUPS[object.apiVersion]?.[object.kind];
  if (!Model) {
    errors.push({ kind: object.kind, name, message: `no schema for ${object.apiVersion} ${object.kind}` });
    continue;
  }
  try {
    new Model(object).validate();
  } catch (error) {
    errors.push({ kind: object.kind, name, message: String(error?.message ?? error) });
  }
}
process.stdout.write(`${JSON.stringify({ objects, errors })}\n`);
process.exit(errors.length ? 1 : 0);
