/**
 * Renders deploy/helm/wardgate with the helm binary that scripts/deploy/install-tools.sh builds,
 * and reads the Envoy filter files the chart embeds. Used by the deploy tests; operators run
 * `helm template` directly (see docs/attach-to-a-mesh.md).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const chartDir = path.join(repoRoot, 'deploy', 'helm', 'wardgate');
export const examplesDir = path.join(repoRoot, 'deploy', 'examples');
export const meshConfigFile = path.join(repoRoot, 'deploy', 'istio', 'mesh-config.yaml');
export const istioOperatorFile = path.join(repoRoot, 'deploy', 'istio', 'istio-operator.yaml');
/** The Kubernetes version `helm template` renders for (the chart needs 1.27+). */
export const kubeVersion = '1.31.0';

/** One rendered Kubernetes object, loosely typed: tests validate it with kubernetes-models. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** An HTTP filter as Envoy's HttpConnectionManager.http_filters holds it. */
export interface HttpFilter {
  name: string;
  disabled?: boolean;
  typed_config: Record<string, unknown>;
}

export interface RenderOptions {
  /** Values files, relative to the repo root or absolute. */
  valuesFiles?: readonly string[];
  /** `--set-json` pairs (path => JSON value). */
  set?: Readonly<Record<string, unknown>>;
  /** @default 'wardgate' */
  namespace?: string;
  /** @default 'wardgate' */
  releaseName?: string;
}

/** The helm binary: WARDGATE_HELM_BIN, else the one install-tools.sh builds. */
export function helmBin(): string {
  const bin = process.env['WARDGATE_HELM_BIN'] ?? path.join(repoRoot, '.cache', 'tools', 'bin', 'helm');
  if (!existsSync(bin)) {
    throw new Error(`helm not found at ${bin}: run 'bash scripts/deploy/install-tools.sh' (builds it with go install into .cache/tools/bin) or set WARDGATE_HELM_BIN`);
  }
  return bin;
}

function helmArgs(options: RenderOptions): string[] {
  // helm template assumes Kubernetes 1.20 without a cluster; the chart needs 1.27+.
  const args = ['template', options.releaseName ?? 'wardgate', chartDir, '--namespace', options.namespace ?? 'wardgate', '--kube-version', kubeVersion];
  for (const file of options.valuesFiles ?? []) args.push('--values', path.resolve(repoRoot, file));
  for (const [key, value] of Object.entries(options.set ?? {})) args.push('--set-json', `${key}=${JSON.stringify(value)}`);
  return args;
}

/** `helm template` output as text; a failed render throws with helm's own message. */
export function renderChartText(options: RenderOptions = {}): string {
  const bin = helmBin();
  try {
    return execFileSync(bin, helmArgs(options), { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`helm ${helmArgs(options).join(' ')} failed: ${stderr.trim() || String(error)}`, { cause: error });
  }
}

/** `helm lint --strict` (templates, values schema, chart metadata); a failure throws with helm's report. */
export function lintChart(options: RenderOptions = {}): string {
  const bin = helmBin();
  const args = ['lint', chartDir, '--strict', '--namespace', options.namespace ?? 'wardgate', '--kube-version', kubeVersion];
  for (const file of options.valuesFiles ?? []) args.push('--values', path.resolve(repoRoot, file));
  for (const [key, value] of Object.entries(options.set ?? {})) args.push('--set-json', `${key}=${JSON.stringify(value)}`);
  try {
    return execFileSync(bin, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`helm ${args.join(' ')} failed: ${`${e.stdout ?? ''}${e.stderr ?? ''}`.trim() || String(error)}`, { cause: error });
  }
}

/** Every rendered document, parsed; YAML errors throw. */
export function renderChart(options: RenderOptions = {}): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(renderChartText(options))) {
    if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    objects.push(value as K8sObject);
  }
  return objects;
}

/** envoy/filters/<name>.yaml: the filter configs the e2e tests run and the chart embeds. */
export function readEnvoyFilterFile(name: 'ext-authz' | 'ext-proc'): HttpFilter {
  return parse(readFileSync(path.join(repoRoot, 'envoy', 'filters', `${name}.yaml`), 'utf8')) as HttpFilter;
}

/** What `meshConfig.extensionProviders[].envoyExtAuthzGrpc` holds (Istio's field names). */
export interface EnvoyExtAuthzGrpcProvider {
  service: string;
  port: number;
  timeout: string;
  failOpen: boolean;
  statusOnError: string;
  includeRequestBodyInCheck: { maxRequestBytes: number; allowPartialMessage: boolean; packAsBytes: boolean };
}

export interface ExtensionProvider {
  name: string;
  envoyExtAuthzGrpc: EnvoyExtAuthzGrpcProvider;
}

/** The extension providers of deploy/istio/mesh-config.yaml (istiod Helm values). */
export function readMeshExtensionProviders(): ExtensionProvider[] {
  const values = parse(readFileSync(meshConfigFile, 'utf8')) as { meshConfig: { extensionProviders: ExtensionProvider[] } };
  return values.meshConfig.extensionProviders;
}

/** Envoy's HttpStatus code names for the statuses statusOnError may take here. */
const statusNames: Readonly<Record<string, string>> = {
  '403': 'Forbidden',
  '500': 'InternalServerError',
  '502': 'BadGateway',
  '503': 'ServiceUnavailable',
  '504': 'GatewayTimeout',
};

/** The Istio cluster name of a service port, as istiod builds it. */
export function istioOutboundCluster(host: string, port: number): string {
  return `outbound|${port}||${host}`;
}

/**
 * The ext_authz filter istiod generates from an envoyExtAuthzGrpc provider (pilot's
 * authz builder): grpc_service at the outbound cluster with the host as authority, the
 * provider's timeout, failure_mode_allow = failOpen, status_on_error, with_request_body, V3
 * transport, and enabled only for requests the CUSTOM policy's shadow RBAC rules matched.
 */
export function istioGeneratedExtAuthz(provider: EnvoyExtAuthzGrpcProvider): HttpFilter {
  const status = statusNames[provider.statusOnError];
  if (status === undefined) throw new Error(`statusOnError ${provider.statusOnError} is not mapped in istioGeneratedExtAuthz`);
  const body = provider.includeRequestBodyInCheck;
  return {
    name: 'envoy.filters.http.ext_authz',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthz',
      transport_api_version: 'V3',
      grpc_service: {
        envoy_grpc: { cluster_name: istioOutboundCluster(provider.service, provider.port), authority: provider.service },
        timeout: provider.timeout,
      },
      failure_mode_allow: provider.failOpen,
      status_on_error: { code: status },
      with_request_body: {
        max_request_bytes: body.maxRequestBytes,
        allow_partial_message: body.allowPartialMessage,
        pack_as_bytes: body.packAsBytes,
      },
      filter_enabled_metadata: {
        filter: 'envoy.filters.http.rbac',
        path: [{ key: 'istio_ext_authz_shadow_effective_policy_id' }],
        value: { string_match: { prefix: 'istio-ext-authz' } },
      },
    },
  };
}

/** One patch of an Istio EnvoyFilter, as the tests read them. */
export interface ConfigPatch {
  applyTo: string;
  match: {
    context: string;
    listener?: { filterChain: { filter: { name: string; subFilter: { name: string } } } };
    routeConfiguration?: { vhost: { name: string } };
  };
  patch: { operation: string; value: Record<string, unknown> };
}
