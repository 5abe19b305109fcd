import { createHash } from 'node:crypto';
import type { GrantSubject } from './grant.js';
import { randomId } from './grant-validation.js';

/**
 * Key layout. A grant lives under the hash tag of its *primary* subject: the user when it has
 * one, else the agent: `<prefix>{u:<h16>}:` or `<prefix>{a:<h16>}:` where h16 is the first 16
 * hex digits of SHA-256 of the subject (no raw user ids in key names, no braces from user
 * input breaking the tag). Every key of one tag hashes to one Cluster slot, so the scripts
 * stay single-slot. A lookup for (user U, agent A) needs at most two tags: {u:U} holds the
 * (U) and (U, A) grants, {a:A} the agent-only ones. A hash collision only shares an index;
 * the scripts still compare the full subject.
 *
 *   <base>idx       ZSET grant id -> expiry (ms); PEXPIRE = the longest grant's remaining life
 *   <base>g:<id>    STRING grant JSON + matcher; PX = the grant's remaining life
 *   <base>n:<id>    STRING remaining uses (limited grants only); same PX
 *
 * Grant ids carry their tag (`u<h16>.<128 random bits>`) so that get and revoke by id need
 * no global index (which in a Cluster would live in another slot).
 */
export type TagKind = 'u' | 'a';

const idPattern = /^([ua])([0-9a-f]{16})\.([A-Za-z0-9_-]{22})$/;

export function subjectHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

export class GrantKeys {
  constructor(readonly prefix: string) {}

  base(kind: TagKind, hash: string): string {
    return `${this.prefix}{${kind}:${hash}}:`;
  }

  /** The tag a new grant for this subject is stored under. */
  primaryTag(subject: GrantSubject): { kind: TagKind; hash: string } {
    return subject.user ? { kind: 'u', hash: subjectHash(subject.user) } : { kind: 'a', hash: subjectHash(subject.agent ?? '') };
  }

  /** The index keys a lookup must read, user tag first. */
  lookupIndexes(subject: GrantSubject): string[] {
    const keys: string[] = [];
    if (subject.user) keys.push(`${this.base('u', subjectHash(subject.user))}idx`);
    if (subject.agent) keys.push(`${this.base('a', subjectHash(subject.agent))}idx`);
    return keys;
  }

  newId(subject: GrantSubject): string {
    const tag = this.primaryTag(subject);
    return `${tag.kind}${tag.hash}.${randomId()}`;
  }

  /** The three keys of a grant id, or undefined when the id is not one of ours. */
  forId(id: string): { index: string; grant: string; uses: string } | undefined {
    const match = idPattern.exec(id);
    if (!match) return undefined;
    const base = this.base(match[1] as TagKind, match[2]!);
    return { index: `${base}idx`, grant: `${base}g:${id}`, uses: `${base}n:${id}` };
  }

  /** SCAN pattern for every grant key under this prefix. */
  grantKeyPattern(): string {
    return `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}{*}:g:*`;
  }

  usesKeyOf(grantKey: string): string {
    const at = grantKey.lastIndexOf(':g:');
    return `${grantKey.slice(0, at)}:n:${grantKey.slice(at + 3)}`;
  }
}
