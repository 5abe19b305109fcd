import { describe, expect, it } from 'vitest';
import { generateBenchPolicy, runPolicyBench } from './policy-bench.js';

describe('policy bench', () => {
  it('generates a valid 50-rule policy', () => {
    expect(generateBenchPolicy(50).ruleCount).toBe(50);
  });

  it('runs and reports percentiles with a mix of verdicts', async () => {
    const lines: string[] = [];
    const result = await runPolicyBench({ evaluations: 5_000, write: (line) => lines.push(line) });
    expect(result.evaluations).toBe(5_000);
    expect(result.p50Ms).toBeGreaterThan(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    expect(lines[1]).toMatch(/p50 [\d.]+ ms {2}p99 [\d.]+ ms/);
    expect(lines[2]).toMatch(/allow=\d+/);
    expect(lines[2]).toMatch(/deny=\d+/);
    expect(lines[2]).toMatch(/hold=\d+/);
  });
});
