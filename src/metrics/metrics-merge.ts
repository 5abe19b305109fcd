import { renderLabels, type MetricSnapshot } from './metrics-registry.js';

/** One process's metrics, by its worker index (a slot number, stable across restarts; never a pid). */
export interface WorkerMetrics {
  worker: number;
  metrics: readonly MetricSnapshot[];
}

/**
 * Prometheus text for several processes as if they were one: counters summed and histograms
 * merged bucket by bucket (a rate over the sum is the pod's rate), gauges kept per process with a
 * `worker` label (a sum of queue depths or timestamps would mean nothing).
 */
export function renderMergedMetrics(workers: readonly WorkerMetrics[]): string {
  const merged = new Map<string, MetricSnapshot>();
  for (const { worker, metrics } of workers) {
    for (const metric of metrics) {
      const into = merged.get(metric.name);
      if (metric.type === 'gauge') {
        const labelled: Array<[string, number]> = metric.values.map(([key, value]) => [`${key}${metric.labelNames.length > 0 ? '\u0000' : ''}${worker}`, value]);
        if (into?.type === 'gauge') into.values.push(...labelled);
        else merged.set(metric.name, { ...metric, labelNames: [...metric.labelNames, 'worker'], values: labelled });
      } else if (metric.type === 'counter') {
        if (into?.type !== 'counter') {
          merged.set(metric.name, { ...metric, values: metric.values.map(([k, v]): [string, number] => [k, v]) });
          continue;
        }
        const sums = new Map(into.values);
        for (const [key, value] of metric.values) sums.set(key, (sums.get(key) ?? 0) + value);
        into.values = [...sums];
      } else {
        if (into?.type !== 'histogram') {
          merged.set(metric.name, { ...metric, series: metric.series.map(([k, s]) => [k, { buckets: [...s.buckets], sum: s.sum, count: s.count }]) });
          continue;
        }
        const series = new Map(into.series);
        for (const [key, s] of metric.series) {
          const had = series.get(key);
          series.set(key, had === undefined
            ? { buckets: [...s.buckets], sum: s.sum, count: s.count }
            : { buckets: had.buckets.map((b, i) => b + (s.buckets[i] ?? 0)), sum: had.sum + s.sum, count: had.count + s.count });
        }
        into.series = [...series];
      }
    }
  }
  return `${[...merged.values()].map(renderSnapshot).join('\n')}\n`;
}

function renderSnapshot(metric: MetricSnapshot): string {
  const lines = [`# HELP ${metric.name} ${metric.help}`, `# TYPE ${metric.name} ${metric.type}`];
  if (metric.type !== 'histogram') {
    for (const [key, value] of metric.values) lines.push(`${metric.name}${renderLabels(metric.labelNames, key)} ${value}`);
    return lines.join('\n');
  }
  for (const [key, s] of metric.series) {
    metric.bounds.forEach((bound, i) => lines.push(`${metric.name}_bucket${renderLabels(metric.labelNames, key, ['le', String(bound)])} ${s.buckets[i] ?? 0}`));
    lines.push(`${metric.name}_bucket${renderLabels(metric.labelNames, key, ['le', '+Inf'])} ${s.count}`);
    lines.push(`${metric.name}_sum${renderLabels(metric.labelNames, key)} ${s.sum}`);
    lines.push(`${metric.name}_count${renderLabels(metric.labelNames, key)} ${s.count}`);
  }
  return lines.join('\n');
}
