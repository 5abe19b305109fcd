import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument } from 'yaml';
import { ErrorCode, WardgateError } from '../errors/wardgate-error.js';
import { compilePolicy, type CompilePolicyOptions } from './compile-policy.js';
import type { CompiledPolicy } from './policy-types.js';

export type PolicySourceOptions = Omit<CompilePolicyOptions, 'sourceText'>;

/** Parses policy YAML (or JSON, a subset) and compiles it; YAML syntax errors name line and column. */
export function compilePolicyText(text: string, options: PolicySourceOptions = {}): CompiledPolicy {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const position = lineCounter.linePos(error.pos[0]);
      return `line ${position.line}, column ${position.col}: ${error.message.split('\n')[0]}`;
    });
    throw new WardgateError(ErrorCode.InvalidArgument, `invalid policy: ${problems.join('; ')}`, { details: { problems } });
  }
  return compilePolicy(document.toJS({ maxAliasCount: 100 }), { ...options, sourceText: text });
}

/** Reads a policy file's text; a missing or unreadable file is WardgateError(NotFound). */
export async function readPolicyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new WardgateError(ErrorCode.NotFound, 'policy file cannot be read', { cause: error, details: { path } });
  }
}
