import { isIPv6 } from 'node:net';
import { Priority } from '../span.js';
import type { RecognizerDeclaration } from './recognizer.js';

/** IPv6 addresses (Safe Harbor 15): a run of hex digits and colons with two colons at least, valid per `node:net`. */
export const ipv6Address: RecognizerDeclaration = {
  id: 'ipv6-address',
  category: 'ip',
  priority: Priority.ip,
  rule: 'value:ip',
  prefilter: { chars: { set: ':', min: 2 } },
  create: () => {
    const re = /(?<![0-9A-Fa-f:]|[0-9A-Fa-f]\.)(?=[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,39}(?![0-9A-Fa-f:])/g;
    return (text, out) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        const candidate = m[0];
        if (candidate.indexOf(':') === candidate.lastIndexOf(':') || !isIPv6(candidate)) continue;
        out.push({ start: m.index, end: m.index + candidate.length, category: 'ip', rule: 'value:ip', priority: Priority.ip });
      }
    };
  },
};
