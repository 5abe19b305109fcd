import { runMaskingBench } from './masking-bench.js';

await runMaskingBench();
