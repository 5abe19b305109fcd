import { readFileSync } from 'node:fs';

/**
 * Sums a V8 CPU profile (`node --cpu-prof`) by function: the self time of the busiest functions,
 * and the inclusive time (itself and everything it calls) of the functions named on the command
 * line. For reading where the masker's time goes:
 *   node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/profile-masking.ts strict
 *   npx tsx bench/cpu-profile-summary.ts /tmp/prof/CPU.*.cpuprofile maskDocument parse scanToken maskXhtml splice
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, ...names] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: cpu-profile-summary.ts PROFILE [FUNCTION ...]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);

const selfTime = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
  total += dt;
});
const percent = (t: number): string => `${((t / total) * 100).toFixed(1).padStart(5)}%`;
const label = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop() ?? ''}:${n.callFrame.lineNumber + 1}`;

const bySelf = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, t] of selfTime) {
  const node = byId.get(id)!;
  bySelf.set(label(node), (bySelf.get(label(node)) ?? 0) + t);
  // Each named function once per sample, however deep it recurses.
  const onStack = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) onStack.add(byId.get(cur)!.callFrame.functionName);
  for (const name of names) if (onStack.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + t);
}
process.stdout.write('self time, busiest functions:\n');
for (const [name, t] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`${percent(t)}  ${name}\n`);
if (names.length > 0) {
  process.stdout.write('inclusive time:\n');
  for (const name of names) process.stdout.write(`${percent(inclusive.get(name) ?? 0)}  ${name}\n`);
}
