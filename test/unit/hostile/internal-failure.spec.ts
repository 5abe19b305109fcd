import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as ClassifyCommand from '../../../src/command/classify-command.js';
import type * as LoadPolicy from '../../../src/policy/load-policy.js';
import { CheckClient, type HandBuiltRequest } from '../../support/check-client.js';
import { TestWardgate } from '../../support/wardgate-instance.js';
import { hostileConfig, hostilePolicy } from './hostile-policy.js';

/**
 * Class 5 of issue 13: an internal failure on the decision path fails closed. Wardgate runs
 * through its real composition root and answers real gRPC ext_authz Checks; the faults are
 * injected into the running server's own classifier and compiled policy (the modules it is
 * built from are wrapped), switched on and off between requests. Each failure must deny, count
 * `wardgate_decision_failures_total{step}`, write an audit event, and keep the error's text
 * (which may quote the request) out of the response, the audit and the logs.
 */
const faults = vi.hoisted(() => ({ classify: false, evaluate: false }));
// What a crashing step might say: text of the request it was reading (PHI).
const leak = 'Jennifer Smith 123-45-6789';

vi.mock('../../../src/command/classify-command.js', async (importOriginal) => {
  const original = await importOriginal<typeof ClassifyCommand>();
  return {
    ...original,
    createCommandClassifier: (options: Parameters<typeof original.createCommandClassifier>[0]) => {
      const real = original.createCommandClassifier(options);
      return {
        classify: (request: Parameters<typeof real.classify>[0]) => {
          if (!faults.classify) return real.classify(request);
          // Through the real classifier's own failure path: a step deep inside it throws.
          return original.createCommandClassifier({ ...options, get maxBodyBytes(): number { throw new TypeError(`cannot read ${leak}`); } }).classify(request);
        },
      };
    },
  };
});

vi.mock('../../../src/policy/load-policy.js', async (importOriginal) => {
  const original = await importOriginal<typeof LoadPolicy>();
  return {
    ...original,
    compilePolicyText: (...args: Parameters<typeof original.compilePolicyText>) => {
      const policy = original.compilePolicyText(...args);
      const evaluate = policy.evaluate.bind(policy);
      return Object.assign(Object.create(policy) as typeof policy, {
        evaluate: (...input: Parameters<typeof policy.evaluate>) => {
          if (faults.evaluate) throw new RangeError(`rule failed on ${leak}`);
          return evaluate(...input);
        },
      });
    },
  };
});

const select: HandBuiltRequest = { path: '/sql/any', body: JSON.stringify({ sql: 'SELECT code FROM lab_codes' }) };

async function failures(wardgate: TestWardgate, step: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${wardgate.httpPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`wardgate_decision_failures_total{step="${step}"}`));
  return line === undefined ? Number.NaN : Number(line.split(' ').at(-1));
}

describe('hostile agent, class 5: an internal failure on the decision path fails closed (running server)', () => {
  let wardgate: TestWardgate;
  let client: CheckClient;
  beforeAll(async () => {
    wardgate = await new TestWardgate({ policy: hostilePolicy, config: hostileConfig }).start();
    client = new CheckClient(wardgate.grpcPort);
  });
  afterAll(async () => {
    client.close();
    await wardgate.cleanup();
  });
  beforeEach(() => {
    faults.classify = false;
    faults.evaluate = false;
  });

  it('without a fault, the same request is allowed (the faults below are what denies)', async () => {
    expect((await client.check(select)).allowed).toBe(true);
  });

  it.each([
    { fault: 'classify' as const, step: 'classify_command' },
    { fault: 'evaluate' as const, step: 'evaluate_policy' },
  ])('a throwing $step denies 500 internal_error, is counted and audited, and no error text leaks', async ({ fault, step }) => {
    const counted = await failures(wardgate, step);
    const audited = (await wardgate.auditEvents()).length;
    const logged = wardgate.logLines.length;
    faults[fault] = true;

    const result = await client.check(select);
    expect(result).toMatchObject({ allowed: false, status: 500, body: { reason: 'internal_error' } });
    expect(JSON.stringify(result)).not.toContain('Jennifer');
    expect(JSON.stringify(result)).not.toMatch(/TypeError|RangeError|cannot read|rule failed/);

    expect(await failures(wardgate, step)).toBe(counted + 1);
    const events = (await wardgate.auditEvents()).slice(audited);
    const decision = events.find((e) => e.kind === 'access.decision');
    expect(decision).toMatchObject({ decision: { action: 'deny', enforced: 'deny', reason: `internal_error in ${step}`, ruleId: 'wardgate.internal' } });
    for (const text of [...events.map((e) => JSON.stringify(e)), ...wardgate.logLines.slice(logged)]) {
      expect(text).not.toContain('Jennifer');
      expect(text).not.toContain('123-45-6789');
    }
    // Logged as a failed step, by its error type only.
    expect(wardgate.logLines.slice(logged).some((l) => l.includes('decision step failed') && l.includes(step))).toBe(true);

    // The fault gone, the server decides as before: the failure left nothing behind.
    faults[fault] = false;
    expect((await client.check(select)).allowed).toBe(true);
  });
});
