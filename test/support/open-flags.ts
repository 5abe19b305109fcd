import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * For specs: the open flags (octal, from /proc/self/fdinfo) of this process's descriptors on
 * `path`, so that a spec can see a log is opened O_DSYNC. Linux only; empty elsewhere.
 */
export function openFlagsOf(path: string): number[] {
  const flags: number[] = [];
  let fds: string[];
  try {
    fds = readdirSync('/proc/self/fd');
  } catch {
    return flags;
  }
  for (const fd of fds) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) !== path) continue;
      const line = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').find((l) => l.startsWith('flags:'));
      if (line !== undefined) flags.push(Number.parseInt(line.slice('flags:'.length).trim(), 8));
    } catch {
      // The descriptor closed while we looked.
    }
  }
  return flags;
}
