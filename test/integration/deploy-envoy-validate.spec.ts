/**
 * The real Envoy (WARDGATE_TEST_ENVOY_BIN, the Istio 1.28 line's Envoy) validates the filters the
 * Helm chart puts into the sidecars. The bootstrap is built the way istiod builds the listeners:
 * the ext_authz filter istiod generates from deploy/istio/mesh-config.yaml's provider, then the
 * rendered EnvoyFilter patches applied to it (INSERT_BEFORE the router, MERGE into ext_authz,
 * MERGE into virtual hosts), then `envoy --mode validate`. A broken filter must be rejected.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  istioGeneratedExtAuthz,
  istioOutboundCluster,
  readMeshExtensionProviders,
  renderChart,
  type HttpFilter,
  type ConfigPatch,
  type K8sObject,
} from '../../scripts/deploy/helm-render.js';
import { stackEnv } from '../support/stack-env.js';

const run = promisify(execFile);

interface EnvoyFilterObject extends K8sObject {
  spec: { configPatches: ConfigPatch[] };
}

interface VirtualHost {
  name: string;
  domains: string[];
  routes: unknown[];
  typed_per_filter_config?: Record<string, unknown>;
}

type Json = Record<string, unknown>;

/** Istio's MERGE: proto merge, i.e. messages merged field by field, repeated fields appended. */
function protoMerge(target: Json, source: Json): Json {
  const out: Json = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const current = out[key];
    if (Array.isArray(current) && Array.isArray(value)) out[key] = [...(current as unknown[]), ...(value as unknown[])];
    else if (isObject(current) && isObject(value)) out[key] = protoMerge(current, value);
    else out[key] = structuredClone(value);
  }
  return out;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies an EnvoyFilter's HTTP_FILTER patches for one context to an HCM filter list. */
function patchHttpFilters(filters: HttpFilter[], patches: ConfigPatch[], context: string): HttpFilter[] {
  let out = structuredClone(filters);
  for (const p of patches.filter((x) => x.applyTo === 'HTTP_FILTER' && x.match.context === context)) {
    const target = p.match.listener!.filterChain.filter.subFilter.name;
    const at = out.findIndex((f) => f.name === target);
    if (at === -1) throw new Error(`patch targets ${target}, which the listener does not have`);
    if (p.patch.operation === 'INSERT_BEFORE') out = [...out.slice(0, at), p.patch.value as unknown as HttpFilter, ...out.slice(at)];
    else if (p.patch.operation === 'MERGE') out[at] = protoMerge(out[at] as unknown as Json, p.patch.value) as unknown as HttpFilter;
    else throw new Error(`operation ${p.patch.operation} not simulated`);
  }
  return out;
}

function patchVirtualHosts(vhosts: VirtualHost[], patches: ConfigPatch[], context: string): VirtualHost[] {
  let out = structuredClone(vhosts);
  for (const p of patches.filter((x) => x.applyTo === 'VIRTUAL_HOST' && x.match.context === context)) {
    const name = p.match.routeConfiguration!.vhost.name;
    if (!out.some((v) => v.name === name)) throw new Error(`patch targets vhost ${name}, which the route config does not have`);
    out = out.map((v) => (v.name === name ? (protoMerge(v as unknown as Json, p.patch.value) as unknown as VirtualHost) : v));
  }
  return out;
}

const router: HttpFilter = {
  name: 'envoy.filters.http.router',
  typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' },
};

function listener(name: string, port: number, filters: HttpFilter[], vhosts: VirtualHost[]): Json {
  return {
    name,
    address: { socket_address: { address: '127.0.0.1', port_value: port } },
    filter_chains: [
      {
        filters: [
          {
            name: 'envoy.filters.network.http_connection_manager',
            typed_config: {
              '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
              stat_prefix: name,
              route_config: { name, virtual_hosts: vhosts },
              http_filters: filters,
            },
          },
        ],
      },
    ],
  };
}

function staticCluster(name: string, port: number, http2: boolean): Json {
  return {
    name,
    type: 'STATIC',
    connect_timeout: '1s',
    load_assignment: {
      cluster_name: name,
      endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: '127.0.0.1', port_value: port } } } }] }],
    },
    ...(http2
      ? {
          typed_extension_protocol_options: {
            'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
              '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
              explicit_http_config: { http2_protocol_options: {} },
            },
          },
        }
      : {}),
  };
}

function route(cluster: string): unknown[] {
  return [{ match: { prefix: '/' }, route: { cluster } }];
}

interface Sidecars {
  /** A PHI workload's sidecar: Istio's ext_authz (from the provider) + the inbound EnvoyFilter. */
  inbound: HttpFilter[];
  /** An agent's sidecar: the outbound EnvoyFilter's filters, and its per-PHI-host vhosts. */
  outbound: HttpFilter[];
  outboundVhosts: VirtualHost[];
  wardgateCluster: string;
}

function sidecarsFromChart(): Sidecars {
  const objects = renderChart({ valuesFiles: ['deploy/examples/values-outbound.yaml'] });
  const filters = objects.filter((o): o is EnvoyFilterObject => o.kind === 'EnvoyFilter');
  const inboundFilter = filters.find((f) => f.metadata.namespace === 'phi');
  const outboundFilter = filters.find((f) => f.metadata.namespace === 'agents');
  if (!inboundFilter || !outboundFilter) throw new Error('the chart rendered no inbound or no outbound EnvoyFilter');
  const provider = readMeshExtensionProviders()[0]!.envoyExtAuthzGrpc;
  const inbound = patchHttpFilters([istioGeneratedExtAuthz(provider), router], inboundFilter.spec.configPatches, 'SIDECAR_INBOUND');
  const outbound = patchHttpFilters([router], outboundFilter.spec.configPatches, 'SIDECAR_OUTBOUND');
  const phiHosts = outboundFilter.spec.configPatches.filter((p) => p.applyTo === 'VIRTUAL_HOST').map((p) => p.match.routeConfiguration!.vhost.name);
  const vhosts: VirtualHost[] = [
    ...phiHosts.map((name) => ({ name, domains: [name], routes: route('upstream') })),
    // Everything else the agent calls: both filters stay disabled there.
    { name: 'allow_any', domains: ['*'], routes: route('upstream') },
  ];
  return {
    inbound,
    outbound,
    outboundVhosts: patchVirtualHosts(vhosts, outboundFilter.spec.configPatches, 'SIDECAR_OUTBOUND'),
    wardgateCluster: istioOutboundCluster(provider.service, provider.port),
  };
}

function bootstrap(sidecars: Sidecars): Json {
  return {
    node: { id: 'deploy-envoy-validate', cluster: 'wardgate-test' },
    static_resources: {
      listeners: [
        listener('virtualInbound', 15006, sidecars.inbound, [{ name: 'inbound|8080||', domains: ['*'], routes: route('upstream') }]),
        listener('virtualOutbound', 15001, sidecars.outbound, sidecars.outboundVhosts),
      ],
      clusters: [staticCluster(sidecars.wardgateCluster, 9000, true), staticCluster('upstream', 8080, false)],
    },
  };
}

interface EnvoyResult {
  code: number;
  output: string;
}

let workDir = '';

async function validate(config: Json, name: string): Promise<EnvoyResult> {
  const file = path.join(workDir, `${name}.json`);
  await writeFile(file, JSON.stringify(config, null, 2));
  try {
    const { stdout, stderr } = await run(stackEnv('WARDGATE_TEST_ENVOY_BIN'), ['--mode', 'validate', '-c', file, '--log-level', 'warn'], { timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

function findFilter(filters: HttpFilter[], name: string): HttpFilter {
  const filter = filters.find((f) => f.name === name);
  if (!filter) throw new Error(`no ${name} in ${filters.map((f) => f.name).join(', ')}`);
  return filter;
}

describe('Envoy accepts the filters the chart attaches (envoy --mode validate)', () => {
  let sidecars: Sidecars;

  beforeAll(async () => {
    stackEnv('WARDGATE_TEST_ENVOY_BIN');
    workDir = await mkdtemp(path.join(tmpdir(), 'wardgate-deploy-validate-'));
    sidecars = sidecarsFromChart();
  });

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('builds the sidecars\' filter chains in Istio\'s order', () => {
    expect(sidecars.inbound.map((f) => f.name)).toEqual(['envoy.filters.http.ext_authz', 'envoy.filters.http.ext_proc', 'envoy.filters.http.router']);
    expect(sidecars.outbound.map((f) => [f.name, f.disabled ?? false])).toEqual([
      ['envoy.filters.http.ext_authz', true],
      ['envoy.filters.http.ext_proc', true],
      ['envoy.filters.http.router', false],
    ]);
    const authz = findFilter(sidecars.inbound, 'envoy.filters.http.ext_authz').typed_config;
    // The provider's failOpen false, and the MERGE patch's metadata namespaces, reached Istio's filter.
    expect(authz['failure_mode_allow']).toBe(false);
    expect(authz['metadata_context_namespaces']).toEqual(['envoy.filters.http.jwt_authn']);
    expect(sidecars.outboundVhosts.filter((v) => v.typed_per_filter_config).map((v) => v.name)).toEqual([
      'fhir.fhir.svc.cluster.local:8080',
      'billing-sql.billing.svc.cluster.local:8443',
    ]);
  });

  it('the inbound and outbound sidecar configs validate', async () => {
    const result = await validate(bootstrap(sidecars), 'attached');
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/configuration '.*attached\.json' OK/);
  });

  type Breakage = [string, (s: Sidecars) => void, RegExp];
  const breakages: Breakage[] = [
    [
      'ext_proc with an unknown body mode',
      (s) => {
        ((findFilter(s.inbound, 'envoy.filters.http.ext_proc').typed_config['processing_mode'] as Json)['response_body_mode'] = 'SOMETIMES');
      },
      /SOMETIMES/,
    ],
    [
      'ext_proc with a field Envoy does not have',
      (s) => {
        findFilter(s.inbound, 'envoy.filters.http.ext_proc').typed_config['mask_everything'] = true;
      },
      /mask_everything/,
    ],
    [
      'ext_authz without a target for its gRPC service',
      (s) => {
        delete (findFilter(s.outbound, 'envoy.filters.http.ext_authz').typed_config['grpc_service'] as Json)['envoy_grpc'];
      },
      /envoy_grpc|target_specifier|GrpcService|validation/i,
    ],
    [
      'a per-host ext_proc override that overrides nothing',
      (s) => {
        (s.outboundVhosts[0]!.typed_per_filter_config!['envoy.filters.http.ext_proc'] as Json) = {
          '@type': 'type.googleapis.com/envoy.extensions.filters.http.ext_proc.v3.ExtProcPerRoute',
        };
      },
      /ExtProcPerRoute|override/i,
    ],
  ];

  it.each(breakages)('rejects %s', async (name, breakIt, message) => {
    const broken = structuredClone(sidecars);
    breakIt(broken);
    const result = await validate(bootstrap(broken), name.replace(/\W+/g, '-'));
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toMatch(message);
  });
});
