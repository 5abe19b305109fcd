/**
 * A real Prometheus (Debian's package, installed on first use) scrapes a running Wardgate on
 * loopback and evaluates deploy/prometheus/wardgate-rules.yaml: the target is up, the deny-rate
 * expression is empty while Wardgate allows and holds after denials, the alert goes pending, and
 * the dashboard reads only names this /metrics serves.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadEnvoyProtos } from '../../src/envoy/proto-loader.js';
import { dashboardFile, ensurePrometheusTools, rulesFile } from '../support/prometheus-tools.js';
import { dashboardExpressions, exposedMetricNames, promqlMetricNames, ruleExpressions } from '../support/promql-metric-names.js';
import { freePort } from '../support/redis-harness.js';
import { waitFor } from '../support/wait-for.js';
import { TestWardgate } from '../support/wardgate-instance.js';

const policy = {
  version: 1,
  defaults: { action: 'deny', status: 403, message: 'no rule allows this request', maskingProfile: 'strict' },
  rules: [{ id: 'open-reads', match: { methods: ['GET'], paths: ['/open'] }, action: 'allow' }],
};

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

interface RuleState {
  name: string;
  type: string;
  health: string;
  lastError?: string;
  state?: string;
}

describe('a real Prometheus scraping Wardgate', () => {
  let wardgate: TestWardgate;
  let prometheus: ChildProcess | undefined;
  let promUrl = '';
  let promLog = '';
  let dir = '';
  let client: InstanceType<ReturnType<typeof loadEnvoyProtos>['envoy']['service']['auth']['v3']['Authorization']>;

  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const res = await fetch(`${promUrl}${pathAndQuery}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${pathAndQuery}: ${body.error ?? res.status}`);
    return body.data;
  };
  const query = async (expr: string): Promise<Sample[]> =>
    (await api<{ result: Sample[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result;
  const rules = async (): Promise<RuleState[]> =>
    (await api<{ groups: Array<{ rules: RuleState[] }> }>('/api/v1/rules')).groups.flatMap((g) => g.rules);
  const check = (method: string, p: string): Promise<number> =>
    new Promise((resolve, reject) =>
      client.Check({ attributes: { request: { http: { method, path: p, host: 'fhir', headers: {} } } } }, (err, res) =>
        err ? reject(err) : resolve(res?.status?.code ?? -1),
      ),
    );
  const denyJump = ruleExpressions(rulesFile).find((r) => r.name === 'WardgateDenyRateJump')!.expr;

  beforeAll(async () => {
    const tools = ensurePrometheusTools();
    wardgate = await new TestWardgate({ policy }).start();
    const protos = loadEnvoyProtos();
    client = new protos.envoy.service.auth.v3.Authorization(`127.0.0.1:${wardgate.grpcPort}`, grpc.credentials.createInsecure());

    dir = mkdtempSync(path.join(tmpdir(), 'wardgate-prometheus-'));
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [rulesFile],
        scrape_configs: [{ job_name: 'wardgate', metrics_path: '/metrics', static_configs: [{ targets: [`127.0.0.1:${wardgate.httpPort}`] }] }],
      }),
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      tools.prometheus,
      [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stdout?.on('data', (d: Buffer) => (promLog += d.toString()));
    prometheus.stderr?.on('data', (d: Buffer) => (promLog += d.toString()));
    await waitFor(`prometheus ready at ${promUrl}`, 60_000, async () => (await fetch(`${promUrl}/-/ready`)).ok).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${promLog.slice(-2000)}`);
    });
  }, 600_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus?.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    client?.close();
    await wardgate?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes the target and loads every rule healthy', async () => {
    await waitFor('the wardgate target up', 60_000, async () => {
      const { activeTargets } = await api<{ activeTargets: Array<{ health: string; scrapeUrl: string }> }>('/api/v1/targets');
      return activeTargets.some((t) => t.health === 'up' && t.scrapeUrl === `http://127.0.0.1:${wardgate.httpPort}/metrics`);
    });
    expect(await query('up{job="wardgate"}')).toMatchObject([{ value: [expect.any(Number), '1'] }]);
    await waitFor('every rule evaluated', 30_000, async () => (await rules()).every((r) => r.health === 'ok'));
    expect((await rules()).map((r) => r.name).sort()).toEqual(ruleExpressions(rulesFile).map((r) => r.name).sort());
  });

  it('reports the dependencies up after a readiness probe, and no dependency alert', async () => {
    expect((await fetch(`http://127.0.0.1:${wardgate.httpPort}/readyz`)).status).toBe(200);
    await waitFor('wardgate_dependency_up scraped', 30_000, async () => (await query('wardgate_dependency_up')).length === 3);
    const up = await query('wardgate_dependency_up');
    expect(up.map((s) => [s.metric['dependency'], s.value[1]]).sort()).toEqual([['approvals', '1'], ['audit', '1'], ['grants', '1']]);
    expect(await query('ALERTS{alertname=~"WardgateDependencyDown|WardgateAuditUndeliverable"}')).toEqual([]);
  });

  it('keeps the deny-rate expression empty while requests are allowed, then holds it after 15 denials', async () => {
    for (let i = 0; i < 15; i++) expect(await check('GET', '/open')).toBe(0);
    await waitFor('the allowed requests scraped', 30_000, async () =>
      (await query('wardgate_requests_total{service="authz",decision="allow"} >= 15')).length === 1,
    );
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await query(denyJump)).toEqual([]);
    expect(await query('ALERTS{alertname="WardgateDenyRateJump"}')).toEqual([]);

    for (let i = 0; i < 15; i++) expect(await check('GET', `/Patient/${i}`)).toBe(7);
    await waitFor('the denials scraped', 30_000, async () =>
      (await query('wardgate_requests_total{service="authz",decision="deny"} >= 15')).length === 1,
    );
    const jump = await query(denyJump);
    expect(jump.map((s) => s.metric)).toEqual([{ service: 'authz' }]);
    expect(Number(jump[0]?.value[1])).toBeGreaterThan(0);
    // for: 5m, so within the test the alert is pending, as Prometheus's own rule evaluation shows.
    await waitFor('WardgateDenyRateJump pending', 30_000, async () =>
      (await query('ALERTS{alertname="WardgateDenyRateJump",alertstate="pending",service="authz"}')).length === 1,
    );
    expect((await rules()).find((r) => r.name === 'WardgateDenyRateJump')?.state).toBe('pending');
    expect(await query('ALERTS{alertname="WardgateAuditUndeliverable"}')).toEqual([]);
  });

  it('serves every metric name the dashboard and the rules read', async () => {
    const exposed = exposedMetricNames(await (await fetch(`http://127.0.0.1:${wardgate.httpPort}/metrics`)).text());
    const read = [...dashboardExpressions(dashboardFile), ...ruleExpressions(rulesFile)].flatMap((e) => promqlMetricNames(e.expr));
    expect(read.length).toBeGreaterThan(10);
    for (const name of new Set(read)) expect(exposed, name).toContain(name);
  });
});
