import { tokenizeGlob, type GlobSeparator } from './grant-matcher.js';

/**
 * A glob as an anchored Lua pattern with the same meaning as `globToRegExp`: `**` -> `.*`,
 * `*` -> one segment, every magic character of Lua patterns escaped with `%`.
 */
export function globToLuaPattern(glob: string, separator: GlobSeparator): string {
  const segment = separator === '/' ? '[^/]*' : '[^%.]*';
  const body = tokenizeGlob(glob)
    .map((t) => (t.kind === 'literal' ? t.text.replace(/[\^$()%.[\]*+\-?]/g, '%$&') : t.kind === 'any' ? '.*' : segment))
    .join('');
  return `^${body}$`;
}

/** The matcher part of a stored grant, decoded by the Lua scripts (absent field = any/none). */
export interface StoredMatcher {
  /** subject user / agent */
  u?: string;
  a?: string;
  /** fingerprint */
  f?: string;
  /** methods (upper case), destination and path Lua patterns, command kinds (lower case) */
  me: string[];
  d: string[];
  p: string[];
  k: string[];
  /** 1 when use-limited (uses live in a counter key beside the grant) */
  l?: 1;
  /** 1 for an `exact` scope: `d` holds the authority and `p` the path, compared literally */
  x?: 1;
  /** `exact` only: the command hash that must be equal */
  h?: string;
}

// The same rules as grantCovers() in grant-matcher.ts, over pre-normalized inputs.
const coversLua = `
local function anyEqual(list, value)
  if #list == 0 then return true end
  for _, v in ipairs(list) do if v == value then return true end end
  return false
end
local function anyPattern(list, value)
  if #list == 0 then return true end
  for _, p in ipairs(list) do if string.find(value, p) then return true end end
  return false
end
local function kindsCovered(list, kinds)
  if #list == 0 then return true end
  if #kinds == 0 then return false end
  for _, k in ipairs(kinds) do
    local found = false
    for _, v in ipairs(list) do if v == k then found = true break end end
    if not found then return false end
  end
  return true
end
local function exactCovers(m, authority, method, path, hash, kinds)
  if #m.me == 0 or #m.d == 0 or #m.p == 0 then return false end
  if m.h and m.h ~= hash then return false end
  if #m.k == 0 and #kinds > 0 then return false end
  return anyEqual(m.me, method) and anyEqual(m.d, authority) and anyEqual(m.p, path) and kindsCovered(m.k, kinds)
end
local function covers(m, user, agent, dest, method, path, fp, kinds, authority, hash)
  if not m.u and not m.a then return false end
  if m.u and m.u ~= user then return false end
  if m.a and m.a ~= agent then return false end
  if m.f and m.f ~= fp then return false end
  if m.x then return exactCovers(m, authority, method, path, hash, kinds) end
  return anyEqual(m.me, method) and anyPattern(m.d, dest) and anyPattern(m.p, path) and kindsCovered(m.k, kinds)
end
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/**
 * Find-and-consume in one round trip. KEYS: subject index keys (`<base>idx`, a ZSET of grant
 * ids scored by expiry); at `<base>g:<id>` the matcher JSON, a newline, then the grant JSON
 * (JSON never contains a raw newline); remaining uses at `<base>n:<id>`, all
 * with the grant's PX TTL, so expiry is Redis's job; the index is only pruned here.
 * ARGV: user, agent, destination host, METHOD, path, fingerprint, JSON list of kinds,
 * authority (lower-cased, port kept) and command hash ('' when none) for `exact` scopes.
 * Returns {grantJson, usesLeft (-1 = unlimited)} or false.
 *
 * Matching runs in Lua (globs pre-compiled to Lua patterns at issue time) so that finding
 * and consuming a use-limited grant is atomic and costs one round trip; the alternative
 * (return all grants, match in Node, consume in a second script) doubles latency for the
 * one-time grants that approvals create, which are the common case for held requests.
 */
export const useGrantLua = `${coversLua}
local user, agent, dest, method, path, fp = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local kinds = cjson.decode(ARGV[7])
local authority, hash = ARGV[8], ARGV[9]
local now = nowMs()
local limited = {}
for i = 1, #KEYS do
  local idx = KEYS[i]
  local base = string.sub(idx, 1, -4)
  redis.call('ZREMRANGEBYSCORE', idx, '-inf', now)
  local ids = redis.call('ZRANGE', idx, 0, -1)
  for _, id in ipairs(ids) do
    local raw = redis.call('GET', base .. 'g:' .. id)
    if not raw then
      redis.call('ZREM', idx, id)
    else
      -- Only the small matcher line before the first newline is decoded here.
      local m = cjson.decode(string.sub(raw, 1, string.find(raw, '\\n', 1, true) - 1))
      if covers(m, user, agent, dest, method, path, fp, kinds, authority, hash) then
        if not m.l then return {raw, -1} end
        limited[#limited + 1] = {idx, base, id, raw}
      end
    end
  end
end
for _, c in ipairs(limited) do
  local idx, base, id, raw = c[1], c[2], c[3], c[4]
  local nkey = base .. 'n:' .. id
  local left = tonumber(redis.call('GET', nkey) or '0') or 0
  if left > 1 then
    return {raw, redis.call('DECR', nkey)}
  end
  redis.call('DEL', base .. 'g:' .. id, nkey)
  redis.call('ZREM', idx, id)
  if left == 1 then return {raw, 0} end
end
return false
`;

/**
 * KEYS: index, grant key, uses key. ARGV: id, JSON, ttl ms, uses ('' = unlimited).
 * The TTL is relative (PX) and computed once by the issuer, so clock skew between replicas
 * cannot lengthen a grant; NX refuses to overwrite (an id collision would be a bug).
 */
export const issueGrantLua = `${coversLua}
local ttl = tonumber(ARGV[3])
if not redis.call('SET', KEYS[2], ARGV[2], 'PX', ttl, 'NX') then
  return redis.error_reply('ERR grant id already exists')
end
if ARGV[4] ~= '' then redis.call('SET', KEYS[3], ARGV[4], 'PX', ttl) end
redis.call('ZADD', KEYS[1], nowMs() + ttl, ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;

/** KEYS: index, grant key, uses key. ARGV: id. Returns 1 when a live grant was removed. */
export const revokeGrantLua = `
local n = redis.call('DEL', KEYS[2])
redis.call('DEL', KEYS[3])
redis.call('ZREM', KEYS[1], ARGV[1])
return n
`;
