/**
 * The alerting rules and the Grafana dashboard in deploy/: checked and unit-tested with Debian's
 * promtool (installed on first use), embedded verbatim by the chart, and reading only metrics
 * Wardgate exports.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createWardgateMetrics } from '../../src/metrics/wardgate-metrics.js';
import { renderChart, type K8sObject } from '../../scripts/deploy/helm-render.js';
import { dashboardFile, ensurePrometheusTools, rulesFile, rulesTestFile, type PrometheusTools } from '../support/prometheus-tools.js';
import { dashboardExpressions, exposedMetricNames, promqlMetricNames, ruleExpressions } from '../support/promql-metric-names.js';

function run(bin: string, args: string[]): { ok: boolean; output: string } {
  try {
    return { ok: true, output: execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('deploy/prometheus/wardgate-rules.yaml with promtool', () => {
  let tools: PrometheusTools;
  beforeAll(() => {
    tools = ensurePrometheusTools();
  }, 600_000);

  it('passes promtool check rules', () => {
    const result = run(tools.promtool, ['check', 'rules', rulesFile]);
    expect(result.output).toContain('SUCCESS: 6 rules found');
    expect(result.ok).toBe(true);
  });

  it('passes promtool test rules (each alert firing and not firing)', () => {
    const result = run(tools.promtool, ['test', 'rules', rulesTestFile]);
    expect(result.output, result.output).toContain('SUCCESS');
    expect(result.ok).toBe(true);
  });

  it('has a unit test case for every alert, both firing and silent', () => {
    const tests = parse(readFileSync(rulesTestFile, 'utf8')) as {
      tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }>;
    };
    const cases = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
    for (const { name } of ruleExpressions(rulesFile)) {
      const mine = cases.filter((c) => c.alertname === name);
      expect(mine.some((c) => c.exp_alerts.length > 0), `${name} firing`).toBe(true);
      expect(mine.some((c) => c.exp_alerts.length === 0), `${name} silent`).toBe(true);
    }
  });

  it('fails the unit tests when a threshold is loosened (the tests can fail)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-rules-'));
    try {
      writeFileSync(path.join(dir, 'wardgate-rules.yaml'), readFileSync(rulesFile, 'utf8').replace('for: 2m', 'for: 0m'));
      copyFileSync(rulesTestFile, path.join(dir, 'wardgate-rules.test.yaml'));
      const result = run(tools.promtool, ['test', 'rules', path.join(dir, 'wardgate-rules.test.yaml')]);
      expect(result.ok).toBe(false);
      expect(result.output).toContain('WardgateDependencyDown');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it.each([
    ['WardgateAuditCheckpointOverdue', '(time() - wardgate_audit_last_checkpoint_timestamp_seconds) > 300', '(time() - wardgate_audit_last_checkpoint_timestamp_seconds) > 3000'],
    ['WardgateAuditCheckpointOverdue', 'wardgate_audit_uncheckpointed_events > 0\n', 'wardgate_audit_uncheckpointed_events >= 0\n'],
    ['WardgateJwksFetchFailing', 'increase(wardgate_jwks_fetch_failures_total[15m]) > 0', 'increase(wardgate_jwks_fetch_failures_total[15m]) >= 0'],
  ])('fails the unit tests of %s when its expression changes (%s)', (alert, from, to) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wardgate-rules-'));
    try {
      const original = readFileSync(rulesFile, 'utf8');
      expect(original).toContain(from);
      writeFileSync(path.join(dir, 'wardgate-rules.yaml'), original.replace(from, to));
      copyFileSync(rulesTestFile, path.join(dir, 'wardgate-rules.test.yaml'));
      const result = run(tools.promtool, ['test', 'rules', path.join(dir, 'wardgate-rules.test.yaml')]);
      expect(result.ok).toBe(false);
      expect(result.output).toContain(alert);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('metric names in the rules and the dashboard', () => {
  const exported = exposedMetricNames(createWardgateMetrics().registry.render());

  it('reads the names out of PromQL', () => {
    expect(promqlMetricNames('sum by (le, service) (rate(a_bucket{job=~"$job",x="y{z}"}[$__rate_interval])) > 3 * (b offset 5m or 0 * c)')).toEqual(['a_bucket', 'b', 'c']);
    expect(promqlMetricNames('histogram_quantile(0.99, sum(rate(d_total[5m]))) and on (service) e >= 1e3')).toEqual(['d_total', 'e']);
    expect(exposedMetricNames('# TYPE h histogram\n# TYPE c_total counter\nc_total 1\n')).toEqual(new Set(['h_bucket', 'h_sum', 'h_count', 'c_total']));
  });

  it('every rule reads only metrics Wardgate exports', () => {
    for (const { name, expr } of ruleExpressions(rulesFile)) {
      const names = promqlMetricNames(expr);
      expect(names.length, name).toBeGreaterThan(0);
      for (const metric of names) expect(exported, `${name}: ${metric}`).toContain(metric);
    }
  });

  it('every dashboard query reads only metrics Wardgate exports, and every exported metric has a panel', () => {
    const used = new Set<string>();
    for (const { name, expr } of dashboardExpressions(dashboardFile)) {
      const names = promqlMetricNames(expr);
      expect(names.length, name).toBeGreaterThan(0);
      for (const metric of names) {
        expect(exported, `${name}: ${metric}`).toContain(metric);
        used.add(metric);
      }
    }
    const families = [...exported].map((n) => n.replace(/_(bucket|sum|count)$/, ''));
    for (const family of new Set(families)) expect([...used].some((u) => u.startsWith(family)), family).toBe(true);
  });
});

describe('the chart ships the rules and the dashboard', () => {
  const rules = parse(readFileSync(rulesFile, 'utf8')) as unknown;
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as unknown;
  const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  it('renders neither by default', () => {
    const objects = renderChart();
    expect(objects.filter((o) => o.kind === 'PrometheusRule')).toEqual([]);
    expect(find(objects, 'ConfigMap', 'wardgate-dashboard')).toBeUndefined();
  });

  it('renders a PrometheusRule whose spec is the rules file, with the extra labels', () => {
    const objects = renderChart({ set: { 'prometheusRule.enabled': true, 'prometheusRule.labels': { release: 'kube-prometheus-stack' } } });
    const rule = find(objects, 'PrometheusRule', 'wardgate') as (K8sObject & { spec: unknown }) | undefined;
    expect(rule?.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule?.metadata.namespace).toBe('wardgate');
    expect(rule?.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack', 'app.kubernetes.io/name': 'wardgate' });
    expect(rule?.spec).toEqual(rules);
  });

  it('renders the dashboard in a ConfigMap with the sidecar label', () => {
    const objects = renderChart({ set: { 'grafanaDashboard.enabled': true, 'grafanaDashboard.namespace': 'monitoring' } });
    const map = find(objects, 'ConfigMap', 'wardgate-dashboard') as (K8sObject & { data: Record<string, string> }) | undefined;
    expect(map?.metadata.namespace).toBe('monitoring');
    expect(map?.metadata.labels?.['grafana_dashboard']).toBe('1');
    expect(JSON.parse(map?.data['wardgate-dashboard.json'] ?? 'null')).toEqual(dashboard);
  });
});
