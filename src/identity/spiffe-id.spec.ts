import { describe, expect, it } from 'vitest';
import { parseSpiffeId } from './spiffe-id.js';

describe('parseSpiffeId', () => {
  const cases = [
    {
      principal: 'spiffe://cluster.local/ns/agents/sa/coder',
      expected: { principal: 'spiffe://cluster.local/ns/agents/sa/coder', trustDomain: 'cluster.local', namespace: 'agents', serviceAccount: 'coder' },
    },
    {
      principal: 'spiffe://Prod.Example.COM/ns/team-a/sa/bot.v2',
      expected: { principal: 'spiffe://Prod.Example.COM/ns/team-a/sa/bot.v2', trustDomain: 'prod.example.com', namespace: 'team-a', serviceAccount: 'bot.v2' },
    },
    { principal: 'spiffe://cluster.local/workload/x', expected: { principal: 'spiffe://cluster.local/workload/x' } },
    { principal: 'spiffe://cluster.local/ns/a/sa/b/extra', expected: { principal: 'spiffe://cluster.local/ns/a/sa/b/extra' } },
    { principal: 'spiffe://cluster.local/ns//sa/b', expected: { principal: 'spiffe://cluster.local/ns//sa/b' } },
    { principal: 'https://cluster.local/ns/a/sa/b', expected: { principal: 'https://cluster.local/ns/a/sa/b' } },
    { principal: '', expected: { principal: '' } },
    { principal: 'not a uri at all', expected: { principal: 'not a uri at all' } },
  ];
  it.each(cases)('$principal', ({ principal, expected }) => {
    expect(parseSpiffeId(principal)).toEqual(expected);
  });

  it('never throws on odd input', () => {
    expect(parseSpiffeId(undefined as unknown as string)).toEqual({ principal: '' });
    const long = `spiffe://cluster.local/ns/a/sa/${'b'.repeat(5000)}`;
    expect(parseSpiffeId(long)).toEqual({ principal: long });
  });
});
