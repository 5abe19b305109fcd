import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Words of PromQL that look like metric names but are not. */
const keywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan']);

/**
 * The metric names a PromQL expression reads: identifiers that are not functions (followed by
 * `(`), keywords, label names in `{…}` or `by (…)`, string literals, durations or Grafana
 * variables. Enough for the expressions in deploy/; not a PromQL parser.
 */
export function promqlMetricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\$\{?\w+\}?/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const word = match[0];
    const rest = stripped.slice((match.index ?? 0) + word.length);
    if (/^\s*\(/.test(rest) || keywords.has(word.toLowerCase())) continue;
    // A number's exponent or a duration's unit (1e3, 5m) is not a name.
    if (/[0-9.]$/.test(stripped.slice(0, match.index ?? 0))) continue;
    names.add(word);
  }
  return [...names].sort();
}

/** Every series name a /metrics text declares (# TYPE), histograms as their _bucket/_sum/_count. */
export function exposedMetricNames(metricsText: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of metricsText.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    if (!name) continue;
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
    else names.add(name);
  }
  return names;
}

/** The `expr` of every rule in a Prometheus rules file. */
export function ruleExpressions(rulesFile: string): Array<{ name: string; expr: string }> {
  const doc = parse(readFileSync(rulesFile, 'utf8')) as { groups: Array<{ rules: Array<{ alert?: string; record?: string; expr: string }> }> };
  return doc.groups.flatMap((g) => g.rules.map((r) => ({ name: r.alert ?? r.record ?? '?', expr: r.expr })));
}

/** The PromQL of every panel target and query variable of a Grafana dashboard. */
export function dashboardExpressions(dashboardFile: string): Array<{ name: string; expr: string }> {
  const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as {
    panels: Array<{ title: string; targets?: Array<{ expr?: string }> }>;
    templating?: { list: Array<{ name: string; type: string; query?: string | { query?: string } }> };
  };
  const out: Array<{ name: string; expr: string }> = [];
  for (const panel of dashboard.panels) for (const target of panel.targets ?? []) if (target.expr) out.push({ name: panel.title, expr: target.expr });
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    // label_values(metric, label): the metric is the first argument.
    const inner = query?.match(/^label_values\((.*),\s*\w+\)$/)?.[1];
    if (inner) out.push({ name: `variable ${variable.name}`, expr: inner });
  }
  return out;
}
