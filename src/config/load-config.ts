import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { envBindings, type EnvBinding } from './env-bindings.js';

type Raw = Record<string, unknown>;

/** Reads the YAML file; a missing or unparseable file is a clear start-up error. */
export function readConfigFile(path: string): Raw {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new WardgateError(ErrorCode.InvalidArgument, `cannot read config file ${path}`, { cause });
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (cause) {
    const where = cause instanceof Error ? cause.message.split('\n')[0] : '';
    throw new WardgateError(ErrorCode.InvalidArgument, `config file ${path} is not valid YAML: ${where}`, { cause });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new WardgateError(ErrorCode.InvalidArgument, `config file ${path} must be a YAML mapping`);
  }
  return doc as Raw;
}

function parseEnvValue(binding: EnvBinding, value: string): unknown {
  switch (binding.parse) {
    case 'int': {
      if (!/^\d+$/.test(value.trim())) throw new WardgateError(ErrorCode.InvalidArgument, `${binding.name}: expected an integer, got ${JSON.stringify(value)}`);
      return Number(value);
    }
    case 'bool': {
      const v = value.trim().toLowerCase();
      if (['1', 'true', 'yes'].includes(v)) return true;
      if (['0', 'false', 'no'].includes(v)) return false;
      throw new WardgateError(ErrorCode.InvalidArgument, `${binding.name}: expected true or false, got ${JSON.stringify(value)}`);
    }
    case 'list':
      return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    case 'string':
      return value;
  }
}

function setPath(target: Raw, path: readonly string[], value: unknown): void {
  let node: Raw | unknown[] = target;
  path.forEach((key, i) => {
    const last = i === path.length - 1;
    const container = node as Record<string, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(path[i + 1] ?? '');
    if (typeof container[key] !== 'object' || container[key] === null) container[key] = nextIsIndex ? [] : {};
    node = container[key] as Raw;
  });
}

/** Overlays the documented environment variables on the file's content. */
export function applyEnvironment(raw: Raw, env: Readonly<Record<string, string | undefined>>): Raw {
  const out = structuredClone(raw);
  for (const binding of envBindings) {
    const value = env[binding.name];
    if (value === undefined || value === '' || binding.path.length === 0) continue;
    setPath(out, binding.path, parseEnvValue(binding, value));
  }
  // Naming Kafka brokers means "use Kafka" unless the file says otherwise.
  if (env.WARDGATE_KAFKA_BROKERS && (out.audit as Raw | undefined)?.sink === undefined) setPath(out, ['audit', 'sink'], 'kafka');
  return out;
}

/** Validates against the schema; every problem is listed with its field path. */
export function validateConfig<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${fieldPath(issue.path) || '(root)'}: ${issue.message}`);
  throw new WardgateError(ErrorCode.InvalidArgument, `invalid configuration:\n  ${issues.join('\n  ')}`, { details: { issues } });
}

/** `masking.custom.recognizers[0].patterns[1]`: indices in brackets. */
function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

export function deepFreeze<T>(value: T): T {
  // Buffers (keys) cannot be frozen; they are never handed out for mutation.
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    for (const member of Object.values(value)) deepFreeze(member);
    Object.freeze(value);
  }
  return value;
}
