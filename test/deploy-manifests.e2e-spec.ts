import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Metrics } from '@kedai/core';

const ROOT = join(__dirname, '..');
const K8S = join(ROOT, 'deploy/k8s');
const DOCKER = join(ROOT, 'docker');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are read as loose data
type Obj = { apiVersion: string; kind: string; metadata: { name: string; annotations?: Record<string, string> }; spec: any };

function objects(): Obj[] {
  return readdirSync(K8S)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(K8S, f), 'utf8')).map((d) => d.toJS() as Obj))
    .filter(Boolean);
}
const find = (kind: string, name: string) => objects().find((o) => o.kind === kind && o.metadata.name === name)!;
const validate = (dir: string) => spawnSync(process.execPath, [join(ROOT, 'deploy/validate.mjs'), dir], { encoding: 'utf8' });

/**
 * The deployment files: the Kubernetes manifests against the Kubernetes (and KEDA) OpenAPI
 * schemas, offline, and against what the app needs (probes, drain budget, autoscaling targets);
 * the Compose stack's balancer, scrape targets and dashboard against the metrics the app exports.
 */
describe('deployment files', () => {
  it('every Kubernetes object validates against its schema', () => {
    const run = validate(K8S);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; ok: boolean; error?: string });
    expect(lines.filter((l) => !l.ok)).toEqual([]);
    expect(run.status).toBe(0);
    expect(new Set(lines.map((l) => l.kind))).toEqual(
      new Set([
        'Deployment',
        'Service',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'ScaledObject',
        'Job',
        'ConfigMap',
        'Secret',
        'Namespace',
        'Ingress',
      ]),
    );
  });

  it('the schema check fails a broken manifest and an unknown kind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kedai-k8s-'));
    try {
      const api = readFileSync(join(K8S, 'api.yaml'), 'utf8').replace('containerPort: 3000', 'containerPort: three-thousand');
      writeFileSync(join(dir, 'api.yaml'), api);
      writeFileSync(join(dir, 'odd.yaml'), 'apiVersion: example.com/v1\nkind: Gadget\nmetadata:\n  name: g\n');
      const run = validate(dir);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/containerPort must be integer/);
      expect(run.stdout).toMatch(/no schema for example.com\/v1\/Gadget/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('api and worker: health probes, requests and limits, and a grace period that covers the drain', () => {
    const config = (find('ConfigMap', 'kedai-config') as unknown as { data: Record<string, string> }).data;
    const shutdownMs = Number(config.SHUTDOWN_TIMEOUT_MS);
    expect(shutdownMs).toBeGreaterThan(0);
    for (const [name, port] of [
      ['kedai-api', 3000],
      ['kedai-worker', 9464],
    ] as const) {
      const pod = find('Deployment', name).spec.template.spec;
      const [c] = pod.containers;
      const portName = c.ports.find((p: { containerPort: number }) => p.containerPort === port).name;
      expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: portName });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: portName });
      for (const kind of ['requests', 'limits']) expect(Object.keys(c.resources[kind]).sort()).toEqual(['cpu', 'memory']);
      const preStopS = Number(c.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
      // The drain (SHUTDOWN_TIMEOUT_MS) and the preStop pause fit in the grace period, with 2 s to spare.
      expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThanOrEqual(shutdownMs + preStopS * 1000 + 2000);
      expect(c.envFrom.map((e: Record<string, { name: string }>) => Object.values(e)[0].name)).toEqual([
        'kedai-config',
        'kedai-secrets',
      ]);
      // Every PodDisruptionBudget and Service selects this Deployment's pods by the same labels.
      const labels = find('Deployment', name).spec.template.metadata.labels;
      expect(find('Deployment', name).spec.selector.matchLabels).toEqual(labels);
      expect(find('PodDisruptionBudget', name).spec.selector.matchLabels).toEqual(labels);
    }
    expect(find('Service', 'kedai-api').spec.selector).toEqual(find('Deployment', 'kedai-api').spec.template.metadata.labels);
  });

  it('autoscaling: the API on CPU, the worker on queue depth through KEDA; the migration Job runs before each release', () => {
    const hpa = find('HorizontalPodAutoscaler', 'kedai-api').spec;
    expect(hpa.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'kedai-api' });
    expect(hpa.metrics[0]).toMatchObject({ type: 'Resource', resource: { name: 'cpu' } });
    expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
    const scaled = find('ScaledObject', 'kedai-worker').spec;
    expect(scaled.scaleTargetRef).toMatchObject({ name: 'kedai-worker' });
    expect(scaled.triggers[0].type).toBe('prometheus');
    expect(scaled.triggers[0].metadata.query).toMatch(/kedai_queue_jobs\{.*state=~"waiting\|prioritized"/);
    const job = find('Job', 'kedai-migrate');
    expect(job.metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'argocd.argoproj.io/hook': 'PreSync',
    });
    expect(job.spec.template.spec.containers[0].image).toBe('kedai-migrate');
  });

  it('compose: 2 API and 2 worker containers behind nginx with WebSocket upgrade, scraped by Prometheus', () => {
    const compose = parse(readFileSync(join(DOCKER, 'compose.yaml'), 'utf8'), { merge: true });
    expect(compose.services.api.deploy.replicas).toBe(2);
    expect(compose.services.worker.deploy.replicas).toBe(2);
    expect(compose.services.balancer.image).toMatch(/^nginx:/);
    const stop = Number(String(compose.services.api.stop_grace_period).replace('s', '')) * 1000;
    expect(stop).toBeGreaterThan(10_000); // SHUTDOWN_TIMEOUT_MS's default
    const nginx = readFileSync(join(DOCKER, 'nginx.conf'), 'utf8');
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginx).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(nginx).toMatch(/server api:3000/);
    const prometheus = parse(readFileSync(join(DOCKER, 'prometheus.yml'), 'utf8'));
    const targets = prometheus.scrape_configs.map((j: { dns_sd_configs: { names: string[]; port: number }[] }) => [
      j.dns_sd_configs[0].names[0],
      j.dns_sd_configs[0].port,
    ]);
    expect(targets).toEqual([
      ['api', 3000],
      ['worker', 9464],
    ]);
  });

  it('the Grafana dashboard charts every metric the app exports', () => {
    const dashboard = readFileSync(join(DOCKER, 'grafana/dashboards/kedai.json'), 'utf8');
    const exprs = (JSON.parse(dashboard) as { panels: { targets: { expr: string }[] }[] }).panels.flatMap((p) =>
      p.targets.map((t) => t.expr),
    );
    const names = new Metrics().registry
      .getMetricsAsArray()
      .map((m) => m.name)
      .filter((n) => n.startsWith('kedai_'));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect([name, exprs.some((e) => e.includes(name))]).toEqual([name, true]);
  });
});
