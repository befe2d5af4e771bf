// Validates every Kubernetes object in deploy/k8s against the Kubernetes OpenAPI schemas (the
// kubernetes-models packages, generated from them; KEDA's from its CRDs), offline. Prints one JSON
// line per object and exits 1 when any is invalid or of a kind it cannot check.
//   node deploy/validate.mjs [dir]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';

const MODELS = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};
// Kustomize's own file, not an object for the API server.
const SKIP = new Set(['kustomize.config.k8s.io/v1beta1/Kustomization']);

const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'k8s');
let failed = 0;
for (const file of readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()) {
  for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
    if (doc.errors.length) {
      failed += 1;
      console.log(JSON.stringify({ file, ok: false, error: doc.errors[0].message }));
      continue;
    }
    const obj = doc.toJS();
    if (!obj) continue;
    const key = `${obj.apiVersion}/${obj.kind}`;
    if (SKIP.has(key)) continue;
    const Model = MODELS[key];
    const name = obj.metadata?.name;
    try {
      if (!Model) throw new Error(`no schema for ${key}`);
      new Model(obj).validate();
      console.log(JSON.stringify({ file, kind: obj.kind, name, ok: true }));
    } catch (e) {
      failed += 1;
      console.log(JSON.stringify({ file, kind: obj.kind, name, ok: false, error: e.message }));
    }
  }
}
process.exit(failed ? 1 : 0);
