// Validates every object of a rendered kustomization (a YAML stream on stdin) against its
// Kubernetes schema (kubernetes-models; KEDA's ScaledObject and the prometheus-operator's PodMonitor
// from @kubernetes-models/keda and @kubernetes-models/prometheus-operator).
// Prints one line per object; exits 1 on the first object that fails, or on a kind it has no model for.
//   kubectl kustomize --load-restrictor LoadRestrictionsNone deploy/k8s/overlays/prod | node validate-k8s.mjs
import { parseAllDocuments } from 'yaml';

const MODULES = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'policy/v1': 'kubernetes-models/policy/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};

let input = '';
for await (const chunk of process.stdin) input += chunk;
const objects = parseAllDocuments(input).map((d) => d.toJS()).filter(Boolean);
if (objects.length === 0) {
  console.error('no objects on stdin');
  process.exit(1);
}
for (const object of objects) {
  const name = `${object.apiVersion} ${object.kind} ${object.metadata?.name}`;
  const module = MODULES[object.apiVersion];
  if (!module) {
    console.error(`${name}: no schema known for ${object.apiVersion}`);
    process.exit(1);
  }
  const Model = (await import(module))[object.kind];
  if (!Model) {
    console.error(`${name}: no schema known for ${object.kind}`);
    process.exit(1);
  }
  try {
    new Model(object).validate();
  } catch (error) {
    console.error(`${name}: ${error.message}`);
    process.exit(1);
  }
  console.log(`valid: ${name}`);
}
console.log(`${objects.length} objects valid`);
