/**
 * Configuration problems as {@link ConfigIssue}s: where, what, and how to fix it.
 *
 * @module
 */
import type { z } from 'zod';
import type { ConfigIssue } from './errors.js';
import { LB_METHODS } from './lb-methods.js';

/** How to fix a bad value, by field name: the last key of an issue's path. */
const FIXES: Readonly<Record<string, string>> = {
  id: 'use 1 to 64 characters from A-Z a-z 0-9 . _ ~ -, unique within the pool',
  route: 'use 1 to 64 characters from A-Z a-z 0-9 . _ ~ -, unique within the pool',
  weight: 'use a whole number from 1 to 100 (Apache loadfactor)',
  tier: 'use a whole number from 0 to 99 (Apache lbset)',
  disabled: 'use true or false',
  draining: 'use true or false',
  standby: 'use true or false',
  members: 'give a list of members, each with at least an id',
  method: `use one of ${LB_METHODS.join(', ')}`,
  cookie: 'use a cookie name (letters, digits and !#$%&\'*+-.^_`|~), e.g. ROUTEID',
  urlParam: 'use a URL parameter name, e.g. jsessionid',
  separator: 'use a single character, e.g. "."',
  scolonPathDelim: 'use true or false',
  maxValueLength: 'use a whole number from 1 to 4096',
  failuresBeforeError: 'use a whole number from 1 to 1000',
  retryMs: 'use milliseconds from 0 to 86400000 (Apache retry is in seconds: multiply by 1000)',
  failOnStatus: 'use a list of HTTP statuses from 100 to 599, e.g. [502, 503]',
  rise: 'use a whole number from 1 to 100 (Apache hcpasses)',
  fall: 'use a whole number from 1 to 100 (Apache hcfails)',
  forceRecovery: 'use true or false (Apache forcerecovery)',
  maxAttempts: 'use a whole number from 1 to 100',
  path: 'use a cookie path such as "/" (visible characters, no ";")',
  domain: 'use a host name such as "example.com", or null',
  maxAgeSec: 'use seconds from 0 to 34560000 (400 days), or null for a session cookie',
  httpOnly: 'use true or false',
  secure: 'use true or false',
  sameSite: 'use "Strict", "Lax", "None" or null',
  cookieAttributes: 'use an object such as { "path": "/", "httpOnly": true }',
  seed: 'use a whole number from 0 to 4294967295',
  hashPointsPerWeight: 'use a whole number from 1 to 1000',
  sticky: 'use an object such as { "cookie": "ROUTEID", "urlParam": "jsessionid" }',
  health: 'use an object such as { "retryMs": 60000 }',
  // events checked by a pool (apply): the member they name
  member: 'name a member of this pool by its id (a string), or give memberAdded a member object such as { "id": "static3" }',
};

function fixFor(path: readonly PropertyKey[], code: string): string {
  if (code === 'unrecognized_keys') return 'remove the key, or check its spelling against the documented fields';
  // Stryker disable next-line ArithmeticOperator: equivalent, starting one past the end reads path[length], undefined and not a string: skipped
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string' && FIXES[key] !== undefined) return FIXES[key];
  }
  return 'give a pool object with a members list';
}

function toPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

/** One issue per path (the first found: a bad id need not be reported as both too short and malformed), each with a fix. */
export function toIssues(error: z.ZodError): ConfigIssue[] {
  const seen = new Set<string>();
  const out: ConfigIssue[] = [];
  for (const i of error.issues) {
    const path = toPath(i.path);
    const key = JSON.stringify(path);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ code: i.code, path, message: i.message, fix: fixFor(i.path, i.code) });
  }
  return out;
}

