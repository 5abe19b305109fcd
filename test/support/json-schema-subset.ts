/** A JSON Schema document, as parsed. */
export type JsonSchema = Record<string, unknown>;
type Schema = JsonSchema;

/**
 * A validator for exactly the JSON Schema keywords the published schemas (audit event, audit
 * report) use; an unknown keyword throws so the subset cannot silently grow. Returns the
 * errors, empty when `value` is valid.
 */
export function validateJsonSchemaSubset(schema: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  const known = new Set(['$schema', '$id', 'title', 'description', 'type', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items', 'enum', 'const', 'pattern', 'minimum', 'maximum', 'minLength', 'anyOf']);
  for (const keyword of Object.keys(schema)) if (!known.has(keyword)) throw new Error(`unsupported keyword ${keyword} at ${path}`);
  if (schema.anyOf !== undefined) {
    const branches = schema.anyOf as Schema[];
    if (!branches.some((b) => validateJsonSchemaSubset(b, value, path).length === 0)) errors.push(`${path}: matches no anyOf branch`);
  }
  if ('const' in schema && value !== schema.const) errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (schema.enum !== undefined && !(schema.enum as unknown[]).includes(value)) errors.push(`${path}: not in enum`);
  const type = schema.type as string | undefined;
  if (type !== undefined && !hasType(value, type)) return [...errors, `${path}: must be ${type}`];
  if (typeof value === 'string') {
    if (schema.pattern !== undefined && !new RegExp(schema.pattern as string, 'u').test(value)) errors.push(`${path}: does not match ${schema.pattern as string}`);
    if (schema.minLength !== undefined && value.length < (schema.minLength as number)) errors.push(`${path}: too short`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < (schema.minimum as number)) errors.push(`${path}: below minimum`);
    if (schema.maximum !== undefined && value > (schema.maximum as number)) errors.push(`${path}: above maximum`);
  }
  if (Array.isArray(value) && schema.items !== undefined) value.forEach((item, i) => errors.push(...validateJsonSchemaSubset(schema.items as Schema, item, `${path}[${i}]`)));
  if (type === 'object' && typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const name of (schema.required ?? []) as string[]) if (!(name in record)) errors.push(`${path}.${name}: required`);
    for (const [name, member] of Object.entries(record)) {
      if (schema.propertyNames !== undefined) errors.push(...validateJsonSchemaSubset(schema.propertyNames as Schema, name, `${path}{${name}}`));
      const sub = properties[name];
      if (sub !== undefined) errors.push(...validateJsonSchemaSubset(sub, member, `${path}.${name}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${name}: not allowed`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validateJsonSchemaSubset(schema.additionalProperties as Schema, member, `${path}.${name}`));
    }
  }
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number';
    default: return typeof value === type;
  }
}
