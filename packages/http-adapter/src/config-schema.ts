/**
 * The shape of a proxy configuration file, as zod schemas, and how to fix each field. The pool
 * fields the core knows (method, sticky, health, maxAttempts...) are validated by the core's own
 * `validatePoolConfig`; this module only covers what the proxy adds around them.
 *
 * @module
 */
import { z } from 'zod';

const NAME = /^[A-Za-z0-9._~-]+$/;
const ms = z.int().min(0).max(86_400_000);
const positiveMs = z.int().min(1).max(86_400_000);

export const listenerSchema = z.strictObject({
  host: z.string().min(1).max(255).optional(),
  port: z.int().min(0).max(65_535),
});

export const serverSchema = z.strictObject({
  headersTimeoutMs: positiveMs.optional(),
  requestTimeoutMs: ms.optional(),
  keepAliveTimeoutMs: positiveMs.optional(),
  maxHeaderSize: z.int().min(1024).max(1_048_576).optional(),
  upgradeProtocols: z.array(z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+(\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+)?$/).max(64)).max(16).optional(),
  maxHeaderCount: z.int().min(1).max(10_000).optional(),
});

/** The admin listener (status page, JSON API, metrics). */
export const adminSchema = z.strictObject({
  host: z.string().min(1).max(255).optional(),
  port: z.int().min(0).max(65_535),
  token: z.string().min(16).max(512).regex(/^[\x21-\x7e]+$/).optional(),
  tokenFile: z.string().min(1).max(4096).optional(),
});

/** TLS towards a pool's `https://` members. */
export const memberTlsSchema = z.strictObject({
  verify: z.boolean().optional(),
  caFile: z.string().min(1).max(4096).optional(),
  servername: z.string().min(1).max(255).optional(),
});

/** A path as sent on the wire: printable ASCII without spaces. */
const PATH = /^\/[\x21-\x7e]*$/;

export const mountSchema = z.strictObject({
  prefix: z.string().max(1024).regex(PATH),
  pool: z.string().regex(NAME),
  rewrite: z.string().max(1024).regex(PATH).optional(),
});

export const timeoutsSchema = z.strictObject({
  connectMs: positiveMs.optional(),
  responseMs: positiveMs.optional(),
  idleMs: positiveMs.optional(),
});

export const healthCheckSchema = z.strictObject({
  intervalMs: z.int().min(10).max(86_400_000).optional(),
  path: z.string().max(1024).regex(PATH).optional(),
  expectStatus: z.array(z.int().min(100).max(599)).min(1).optional(),
  timeoutMs: positiveMs.optional(),
});

export const affinityCookieSchema = z.strictObject({
  path: z.string().startsWith('/').max(1024).regex(/^[^;\s]*$/).optional(),
  httpOnly: z.boolean().optional(),
  secure: z.boolean().optional(),
  sameSite: z.enum(['Strict', 'Lax', 'None']).optional(),
  maxAgeSec: z.int().min(0).max(400 * 86_400).optional(),
});

/** The pool fields the proxy adds to the core's pool; everything else goes to the core. */
export const poolExtrasSchema = z.strictObject({
  timeouts: timeoutsSchema.optional(),
  healthCheck: healthCheckSchema.optional(),
  affinityCookie: affinityCookieSchema.optional(),
  passAffinityCookie: z.boolean().optional(),
  holdBodyBytes: z.int().min(0).max(16_777_216).optional(),
  tls: memberTlsSchema.optional(),
  retryNonIdempotent: z.boolean().optional(),
});

/** Keys of a pool that belong to the proxy, not to the core. */
export const POOL_EXTRA_KEYS = ['timeouts', 'healthCheck', 'affinityCookie', 'passAffinityCookie', 'holdBodyBytes', 'tls', 'retryNonIdempotent'] as const;

/** The top level; pools are checked one by one, so here they are only "an object of objects". */
export const rootSchema = z.strictObject({
  listen: z.array(listenerSchema).min(1).max(64).optional(),
  server: serverSchema.optional(),
  admin: adminSchema.optional(),
  mounts: z.array(mountSchema).min(1).max(1024),
  pools: z.record(z.string().regex(NAME).max(64), z.record(z.string(), z.unknown())),
});

/** How to fix a bad value, by field name: the last key of an issue's path that has an entry. */
export const FIXES: Readonly<Record<string, string>> = {
  listen: 'give a list of listeners, e.g. [{ host: 127.0.0.1, port: 8080 }]',
  host: 'use an IP address or host name to listen on, e.g. 127.0.0.1',
  port: 'use a TCP port from 0 to 65535 (0 picks a free one)',
  server: 'use an object such as { headersTimeoutMs: 10000, requestTimeoutMs: 60000 }',
  headersTimeoutMs: 'use milliseconds from 1 to 86400000 (time a client has to send its headers)',
  requestTimeoutMs: 'use milliseconds from 0 (off) to 86400000 (time a client has to send its whole request)',
  keepAliveTimeoutMs: 'use milliseconds from 1 to 86400000 (idle time before a client connection is closed)',
  maxHeaderSize: 'use a number of bytes from 1024 to 1048576',
  maxHeaderCount: 'use a number of header lines from 1 to 10000 (Apache LimitRequestFields)',
  mounts: 'give a list of mounts, e.g. [{ prefix: /api/jokes/, pool: dynamic, rewrite: / }]',
  prefix: 'use a path prefix that starts with "/" and has no spaces (percent-encode them), e.g. /api/jokes/',
  pool: 'name a pool defined under pools',
  rewrite: 'use the path that replaces the prefix, starting with "/", no spaces (Apache: the path after balancer://name)',
  pools: 'give an object of pools by name (letters, digits and . _ ~ -), each with members',
  url: 'use an absolute http:// or https:// URL such as http://127.0.0.1:3001',
  upgradeProtocols: 'use a list of Upgrade protocol names the proxy may tunnel, e.g. [websocket]',
  admin: 'use an object such as { host: 127.0.0.1, port: 8090 }',
  token: 'use a secret of 16 to 512 printable characters without spaces (better: tokenFile or LBKIT_ADMIN_TOKEN)',
  tokenFile: 'use the path of a file holding the admin bearer token',
  tls: 'use an object such as { verify: true, caFile: /etc/lbkit/members-ca.pem }',
  verify: 'use true (default: check the member certificate) or false',
  caFile: 'use the path of a PEM file with the CA certificates that sign the members',
  servername: 'use the host name the member certificates are issued for',
  timeouts: 'use an object such as { connectMs: 5000, responseMs: 60000, idleMs: 60000 }',
  connectMs: 'use milliseconds from 1 to 86400000',
  responseMs: 'use milliseconds from 1 to 86400000 (Apache timeout is in seconds: multiply by 1000)',
  idleMs: 'use milliseconds from 1 to 86400000',
  healthCheck: 'use an object such as { intervalMs: 5000, path: /health, expectStatus: [200] }',
  intervalMs: 'use milliseconds from 10 to 86400000 (Apache hcinterval is in seconds: multiply by 1000)',
  path: 'use a path that starts with "/" and has no spaces or ";"',
  expectStatus: 'use a non-empty list of HTTP statuses from 100 to 599, e.g. [200, 204]',
  timeoutMs: 'use milliseconds from 1 to 86400000',
  affinityCookie: 'use an object such as { httpOnly: true, sameSite: Lax, maxAgeSec: 3600 }',
  httpOnly: 'use true or false',
  secure: 'use true or false',
  sameSite: 'use Strict, Lax or None',
  maxAgeSec: 'use seconds from 0 to 34560000 (400 days)',
  passAffinityCookie: 'use true or false',
  holdBodyBytes: 'use a number of bytes from 0 to 16777216',
  retryNonIdempotent: 'use true or false (true resends POST and PATCH after a failure: only for members that deduplicate them)',
};

/** The fix for an issue of `code` at `path`. */
export function fixFor(path: readonly (string | number)[], code: string, fallback: string): string {
  if (code === 'unrecognized_keys') return 'remove the key, or check its spelling against the documented fields';
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    if (typeof key === 'string' && FIXES[key] !== undefined) return FIXES[key];
  }
  return fallback;
}
