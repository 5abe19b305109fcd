import { runAuditBench } from './audit-bench.js';
import { runDecisionBench } from './decision-bench.js';
import { runDurableCheckBench } from './durable-check-bench.js';
import { runEnvoyBench } from './envoy-bench.js';
import { runGrantsBench } from './grants-bench.js';
import { runIdentityBench } from './identity-bench.js';
import { runMaskingBench } from './masking-bench.js';
import { runReportBench } from './report-bench.js';
import { runWalSyncBench } from './wal-sync-bench.js';
import { runPolicyBench } from '../src/policy/policy-bench.js';

// `npm run bench`: every number the issues ask for, printed; nothing here asserts timings.
// Names pick benches; `--name=value` arguments are options for the benches (see envoy-bench.ts).
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const benches: Array<[string, () => Promise<unknown>]> = [
  ['policy', () => runPolicyBench({ write: (line) => console.log(line) })],
  ['decision', runDecisionBench],
  ['durable', () => runDurableCheckBench()],
  ['wal', () => runWalSyncBench()],
  ['identity', runIdentityBench],
  ['masking', runMaskingBench],
  ['grants', runGrantsBench],
  ['audit', runAuditBench],
  ['report', runReportBench],
  ['envoy', () => runEnvoyBench()],
];
for (const [name, run] of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n== ${name}`);
  await run();
}
