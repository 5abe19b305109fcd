import { readFileSync } from 'node:fs';

const clockTicksPerSecond = 100; // USER_HZ on Linux; /proc reports CPU time in these ticks.

/** User + system CPU seconds a process has used so far (/proc/PID/stat fields 14 and 15). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; fields after it are counted from its ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}

/** Resident set size in MiB (/proc/PID/status VmRSS). */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** The 1-minute load average. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/** CPU seconds the whole machine spent busy (not idle or iowait), from /proc/stat. */
export function machineBusySeconds(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/\s+/).slice(1).map(Number) ?? [];
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = cpu;
  return (user + nice + system + irq + softirq + steal) / clockTicksPerSecond;
}

/** A process and its descendants (a cluster primary and its workers), from /proc/PID/task/PID/children. */
export function processTree(pid: number): number[] {
  const found = [pid];
  for (let i = 0; i < found.length; i += 1) {
    const current = found[i]!;
    try {
      const children = readFileSync(`/proc/${current}/task/${current}/children`, 'utf8').trim();
      if (children !== '') found.push(...children.split(/\s+/).map(Number));
    } catch {
      // Exited meanwhile.
    }
  }
  return found;
}

/** CPU seconds of a process and every live descendant (a worker that exited is not counted). */
export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    try {
      return sum + cpuSeconds(p);
    } catch {
      return sum;
    }
  }, 0);
}
