/**
 * A small Prometheus registry: counters and histograms with fixed label names. Label values
 * are closed sets chosen by Wardgate (service, decision, category), never request data, so
 * PHI cannot reach a label.
 */
type LabelValues = Readonly<Record<string, string>>;

function labelKey(names: readonly string[], values: LabelValues): string {
  return names.map((n) => values[n] ?? '').join('\u0000');
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function renderLabels(names: readonly string[], key: string, extra?: [string, string]): string {
  const values = key.split('\u0000');
  const parts = names.map((n, i) => `${n}="${escapeLabel(values[i] ?? '')}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** A metric's state as plain data, for sending over IPC and merging across processes (metrics-merge.ts). */
export type MetricSnapshot =
  | { type: 'counter'; name: string; help: string; labelNames: string[]; values: Array<[string, number]> }
  | { type: 'gauge'; name: string; help: string; labelNames: string[]; values: Array<[string, number]> }
  | { type: 'histogram'; name: string; help: string; labelNames: string[]; bounds: number[]; series: Array<[string, { buckets: number[]; sum: number; count: number }]> };

interface Metric {
  render(): string;
  snapshot(): MetricSnapshot;
}

export { renderLabels };

export class Counter implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly labelNames: readonly string[] = [],
  ) {}

  inc(labels: LabelValues = {}, by = 1): void {
    const key = labelKey(this.labelNames, labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  get(labels: LabelValues = {}): number {
    return this.values.get(labelKey(this.labelNames, labels)) ?? 0;
  }

  snapshot(): MetricSnapshot {
    return { type: 'counter', name: this.name, help: this.help, labelNames: [...this.labelNames], values: [...this.values] };
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, value] of this.values) lines.push(`${this.name}${renderLabels(this.labelNames, key)} ${value}`);
    return lines.join('\n');
  }
}

export class Gauge implements Metric {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly labelNames: readonly string[] = [],
  ) {}

  set(value: number, labels: LabelValues = {}): void {
    this.values.set(labelKey(this.labelNames, labels), value);
  }

  snapshot(): MetricSnapshot {
    return { type: 'gauge', name: this.name, help: this.help, labelNames: [...this.labelNames], values: [...this.values] };
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const [key, value] of this.values) lines.push(`${this.name}${renderLabels(this.labelNames, key)} ${value}`);
    return lines.join('\n');
  }
}

export class Histogram implements Metric {
  private readonly series = new Map<string, { buckets: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly bounds: readonly number[],
  ) {}

  observe(value: number, labels: LabelValues = {}): void {
    const key = labelKey(this.labelNames, labels);
    let s = this.series.get(key);
    if (!s) {
      s = { buckets: new Array<number>(this.bounds.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = 0; i < this.bounds.length; i++) if (value <= (this.bounds[i] ?? Infinity)) s.buckets[i] = (s.buckets[i] ?? 0) + 1;
    s.sum += value;
    s.count += 1;
  }

  snapshot(): MetricSnapshot {
    const series = [...this.series].map(([key, s]): [string, { buckets: number[]; sum: number; count: number }] => [key, { buckets: [...s.buckets], sum: s.sum, count: s.count }]);
    return { type: 'histogram', name: this.name, help: this.help, labelNames: [...this.labelNames], bounds: [...this.bounds], series };
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, s] of this.series) {
      this.bounds.forEach((bound, i) => {
        lines.push(`${this.name}_bucket${renderLabels(this.labelNames, key, ['le', String(bound)])} ${s.buckets[i] ?? 0}`);
      });
      lines.push(`${this.name}_bucket${renderLabels(this.labelNames, key, ['le', '+Inf'])} ${s.count}`);
      lines.push(`${this.name}_sum${renderLabels(this.labelNames, key)} ${s.sum}`);
      lines.push(`${this.name}_count${renderLabels(this.labelNames, key)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

export class MetricsRegistry {
  private readonly metrics: Metric[] = [];
  private readonly collectors: Array<() => void> = [];

  /** Runs before every render: for gauges read from a component's state at scrape time. */
  onCollect(collect: () => void): void {
    this.collectors.push(collect);
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.add(new Counter(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return this.add(new Gauge(name, help, labelNames));
  }

  histogram(name: string, help: string, labelNames: readonly string[], bounds: readonly number[]): Histogram {
    return this.add(new Histogram(name, help, labelNames, bounds));
  }

  render(): string {
    for (const collect of this.collectors) collect();
    return `${this.metrics.map((m) => m.render()).join('\n')}\n`;
  }

  /** Every metric as plain data (collectors run first, as for `render`). */
  snapshot(): MetricSnapshot[] {
    for (const collect of this.collectors) collect();
    return this.metrics.map((m) => m.snapshot());
  }

  private add<T extends Metric>(metric: T): T {
    this.metrics.push(metric);
    return metric;
  }
}
