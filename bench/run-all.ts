import { runAuditBench } from './audit-bench.js';
import { runDecisionBench } from './decision-bench.js';
import { runEnvoyBench } from './envoy-bench.js';
import { runGrantsBench } from './grants-bench.js';
import { runMaskingBench } from './masking-bench.js';
import { runReportBench } from './report-bench.js';
import { runPolicyBench } from '../src/policy/policy-bench.js';

// `npm run bench`: every number the issues ask for, printed; nothing here asserts timings.
const only = process.argv.slice(2);
const benches: Array<[string, () => Promise<unknown>]> = [
  ['policy', () => runPolicyBench({ write: (line) => console.log(line) })],
  ['decision', runDecisionBench],
  ['masking', runMaskingBench],
  ['grants', runGrantsBench],
  ['audit', runAuditBench],
  ['report', runReportBench],
  ['envoy', runEnvoyBench],
];
for (const [name, run] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n== ${name}`);
  await run();
}
