import type { EvalContext } from './eval-context.js';
import { anyGlob, type Glob } from './glob.js';
import type { LocalClock } from './time-window.js';

/** A node of the compiled rule tree (shape from grpc-js-xds rbac.ts). */
export interface Matcher {
  apply(ctx: EvalContext): boolean;
  toString(): string;
}

function list(globs: readonly Glob[]): string {
  return globs.map((g) => g.pattern).join(', ');
}

export class AndMatcher implements Matcher {
  constructor(readonly children: readonly Matcher[]) {}
  apply(ctx: EvalContext): boolean {
    for (const child of this.children) if (!child.apply(ctx)) return false;
    return true;
  }
  toString(): string {
    return this.children.length === 0 ? 'any request' : `and(${this.children.join(', ')})`;
  }
}

export class OrMatcher implements Matcher {
  constructor(readonly children: readonly Matcher[]) {}
  apply(ctx: EvalContext): boolean {
    for (const child of this.children) if (child.apply(ctx)) return true;
    return false;
  }
  toString(): string {
    return `any(${this.children.join(', ')})`;
  }
}

export class NotMatcher implements Matcher {
  constructor(readonly child: Matcher) {}
  apply(ctx: EvalContext): boolean {
    return !this.child.apply(ctx);
  }
  toString(): string {
    return `not(${String(this.child)})`;
  }
}

export class DestinationMatcher implements Matcher {
  constructor(readonly globs: readonly Glob[]) {}
  apply(ctx: EvalContext): boolean {
    return anyGlob(this.globs, ctx.host);
  }
  toString(): string {
    return `destinations[${list(this.globs)}]`;
  }
}

export class MethodMatcher implements Matcher {
  private readonly methods: ReadonlySet<string>;
  constructor(methods: readonly string[]) {
    this.methods = new Set(methods);
  }
  apply(ctx: EvalContext): boolean {
    return this.methods.has(ctx.method);
  }
  toString(): string {
    return `methods[${[...this.methods].join(', ')}]`;
  }
}

export class PathMatcher implements Matcher {
  constructor(readonly globs: readonly Glob[]) {}
  apply(ctx: EvalContext): boolean {
    return anyGlob(this.globs, ctx.path);
  }
  toString(): string {
    return `paths[${list(this.globs)}]`;
  }
}

/**
 * `all` (default): every kind of the command is named, and the command is complete (a cut SQL
 * body may hide more statements) — the safe reading for allow rules. `any`: one kind is named.
 */
export class CommandMatcher implements Matcher {
  constructor(
    readonly globs: readonly Glob[],
    readonly mode: 'any' | 'all',
  ) {}
  apply(ctx: EvalContext): boolean {
    const kinds = ctx.kinds;
    if (kinds.length === 0) return false;
    if (this.mode === 'any') {
      for (const kind of kinds) if (anyGlob(this.globs, kind)) return true;
      return false;
    }
    if (ctx.partial && kinds[0]!.startsWith('sql:')) return false;
    for (const kind of kinds) if (!anyGlob(this.globs, kind)) return false;
    return true;
  }
  toString(): string {
    return `commands.${this.mode}[${list(this.globs)}]`;
  }
}

/** Matches names from a list (tables, fields) against globs in `any` or `all` mode. */
abstract class NameListMatcher implements Matcher {
  constructor(
    readonly globs: readonly Glob[],
    readonly mode: 'any' | 'all',
  ) {}
  protected abstract names(ctx: EvalContext): readonly string[];
  protected abstract label: string;
  protected matches(name: string): boolean {
    return anyGlob(this.globs, name);
  }
  apply(ctx: EvalContext): boolean {
    const names = this.names(ctx);
    if (names.length === 0) return false;
    if (this.mode === 'any') {
      for (const name of names) if (this.matches(name)) return true;
      return false;
    }
    // A cut body may name more tables/fields than we saw: `all` cannot be proven.
    if (ctx.partial) return false;
    for (const name of names) if (!this.matches(name)) return false;
    return true;
  }
  toString(): string {
    return `${this.label}.${this.mode}[${list(this.globs)}]`;
  }
}

/**
 * SQL tables, case-insensitive. A pattern without a dot matches the table name in any schema
 * (`patients` matches `patients` and `public.patients`), so schema-qualifying cannot dodge a rule.
 */
export class TableMatcher extends NameListMatcher {
  protected label = 'tables';
  constructor(
    globs: readonly Glob[],
    mode: 'any' | 'all',
    private readonly unqualified: readonly boolean[],
  ) {
    super(globs, mode);
  }
  protected names(ctx: EvalContext): readonly string[] {
    return ctx.tables;
  }
  protected override matches(name: string): boolean {
    const dot = name.lastIndexOf('.');
    const last = dot === -1 ? name : name.slice(dot + 1);
    for (let i = 0; i < this.globs.length; i += 1) {
      if (this.globs[i]!.test(this.unqualified[i] ? last : name)) return true;
    }
    return false;
  }
}

/**
 * SQL functions, case-insensitive, with the same schema rule as tables (`pg_sleep` matches
 * `pg_catalog.pg_sleep`). Unlike tables, `all` holds for a command that calls no function: an
 * allow-list of functions must let plain `SELECT a FROM t` through.
 */
export class FunctionMatcher extends TableMatcher {
  protected override label = 'functions';
  protected override names(ctx: EvalContext): readonly string[] {
    return ctx.functions;
  }
  override apply(ctx: EvalContext): boolean {
    if (this.mode === 'all' && ctx.functions.length === 0) return !ctx.partial && ctx.kinds.length > 0 && ctx.kinds[0]!.startsWith('sql:');
    return super.apply(ctx);
  }
  /** A function the rule names is known to it, even when the catalogue does not know it. */
  covers(name: string): boolean {
    return this.matches(name.toLowerCase());
  }
}

export class FieldMatcher extends NameListMatcher {
  protected label = 'fields';
  protected names(ctx: EvalContext): readonly string[] {
    return ctx.fields;
  }
}

export class AgentMatcher implements Matcher {
  constructor(readonly globs: readonly Glob[]) {}
  apply(ctx: EvalContext): boolean {
    return ctx.principal !== undefined && anyGlob(this.globs, ctx.principal);
  }
  toString(): string {
    return `agents[${list(this.globs)}]`;
  }
}

export class UserMatcher implements Matcher {
  constructor(readonly globs: readonly Glob[]) {}
  apply(ctx: EvalContext): boolean {
    return ctx.subject !== undefined && anyGlob(this.globs, ctx.subject);
  }
  toString(): string {
    return `users[${list(this.globs)}]`;
  }
}

export class GroupMatcher implements Matcher {
  private readonly groups: ReadonlySet<string>;
  constructor(groups: readonly string[]) {
    this.groups = new Set(groups);
  }
  apply(ctx: EvalContext): boolean {
    for (const group of ctx.groups) if (this.groups.has(group)) return true;
    return false;
  }
  toString(): string {
    return `groups[${[...this.groups].join(', ')}]`;
  }
}

export class AuthenticatedMatcher implements Matcher {
  constructor(readonly expected: boolean) {}
  apply(ctx: EvalContext): boolean {
    return ctx.authenticated === this.expected;
  }
  toString(): string {
    return `authenticated[${this.expected}]`;
  }
}

export class TimeWindowMatcher implements Matcher {
  constructor(
    private readonly clock: LocalClock,
    /** Bit i set: day i (0 = Sunday) allowed. */
    private readonly dayMask: number,
    private readonly fromMinute: number,
    private readonly toMinute: number,
    private readonly label: string,
  ) {}
  apply(ctx: EvalContext): boolean {
    const local = this.clock.at(ctx.now);
    if ((this.dayMask & (1 << local.day)) === 0) return false;
    const minute = local.minute;
    // from > to wraps midnight (22:00-06:00); the day is the day of the current local time.
    return this.fromMinute <= this.toMinute
      ? minute >= this.fromMinute && minute < this.toMinute
      : minute >= this.fromMinute || minute < this.toMinute;
  }
  toString(): string {
    return `timeWindow[${this.label}]`;
  }
}
