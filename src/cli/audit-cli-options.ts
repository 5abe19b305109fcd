import { readFile } from 'node:fs/promises';
import { loadVerificationKey } from '../audit/audit-keys.js';
import type { AuditVerificationKey } from '../audit/audit-signer.js';
import type { KafkaConnectionOptions } from '../audit/kafka-client.js';
import { WardgateError } from '../errors/wardgate-error.js';

/** Options `audit verify` and `audit report` share: the source, the time range and the keys. */
export const auditSourceOptions = {
  brokers: { type: 'string' },
  topic: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  key: { type: 'string', multiple: true },
  ssl: { type: 'boolean' },
  'sasl-mechanism': { type: 'string' },
  'sasl-username': { type: 'string' },
  'sasl-password-file': { type: 'string' },
  'client-id': { type: 'string' },
} as const;

export function parseTime(text: string | undefined): number | undefined | null {
  if (text === undefined) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** Loads `--key KEY_ID=PATH` values; the error text names the offending one. */
export async function loadKeyOptions(specs: readonly string[]): Promise<{ keys: Map<string, AuditVerificationKey> } | { usage: string } | { unreadable: string }> {
  const keys = new Map<string, AuditVerificationKey>();
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) return { usage: `--key must be KEY_ID=PATH, got ${JSON.stringify(spec)}` };
    try {
      keys.set(spec.slice(0, eq), await loadVerificationKey(spec.slice(eq + 1)));
    } catch (error) {
      return { unreadable: `cannot load key ${JSON.stringify(spec.slice(0, eq))}: ${describeError(error)}` };
    }
  }
  return { keys };
}

export async function kafkaConnection(values: Record<string, unknown>, defaultClientId: string): Promise<KafkaConnectionOptions> {
  return {
    brokers: String(values.brokers).split(',').map((b) => b.trim()).filter(Boolean),
    clientId: typeof values['client-id'] === 'string' ? values['client-id'] : defaultClientId,
    ...(values.ssl === true ? { ssl: true } : {}),
    ...(await saslOption(values)),
  };
}

export async function saslOption(values: Record<string, unknown>): Promise<{ sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string } }> {
  const mechanism = values['sasl-mechanism'];
  if (mechanism === undefined) return {};
  if (mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512') throw new Error('unknown --sasl-mechanism');
  const username = values['sasl-username'];
  const passwordFile = values['sasl-password-file'];
  if (typeof username !== 'string' || typeof passwordFile !== 'string') throw new Error('--sasl-mechanism needs --sasl-username and --sasl-password-file');
  return { sasl: { mechanism, username, password: (await readFile(passwordFile, 'utf8')).replace(/\r?\n$/, '') } };
}

export function describeError(error: unknown): string {
  if (error instanceof WardgateError) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return error.message + cause;
  }
  return error instanceof Error ? error.message : String(error);
}
