/**
 * The `admin` section of a configuration: where the admin listener binds and the bearer token it
 * requires. Without a token it may only listen on a loopback address.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import type { ConfigIssue } from '@lbkit/core';
import type { z } from 'zod';
import type { ResolvedProxyConfig } from './config.js';
import type { adminSchema } from './config-schema.js';

type AdminInput = z.infer<typeof adminSchema> | undefined;

/** The environment variable that may hold the admin token instead of the file. */
export const ADMIN_TOKEN_ENV = 'LBKIT_ADMIN_TOKEN';

/** True for 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Issues of the admin section: a token is required when the listener is reachable from elsewhere. */
export function adminIssues(admin: AdminInput): ConfigIssue[] {
  if (admin === undefined) return [];
  const issues: ConfigIssue[] = [];
  if (admin.token !== undefined && admin.tokenFile !== undefined) {
    issues.push({ code: 'token_twice', path: ['admin', 'token'], message: 'both token and tokenFile are set', fix: 'keep one of them (tokenFile keeps the secret out of the configuration)' });
  }
  const host = admin.host ?? '127.0.0.1';
  const hasToken = admin.token !== undefined || admin.tokenFile !== undefined || (process.env[ADMIN_TOKEN_ENV] ?? '') !== '';
  if (!isLoopback(host) && !hasToken) {
    issues.push({
      code: 'admin_token_required',
      path: ['admin', 'host'],
      message: `the admin listener on ${host} is reachable from other machines but has no token`,
      fix: `set admin.tokenFile (or ${ADMIN_TOKEN_ENV}) to a bearer token of at least 16 characters, or listen on 127.0.0.1`,
    });
  }
  return issues;
}

/** The resolved admin section; the token file is read when the listener starts. */
export function resolveAdmin(admin: AdminInput): ResolvedProxyConfig['admin'] {
  if (admin === undefined) return null;
  return { host: admin.host ?? '127.0.0.1', port: admin.port, token: admin.token ?? null, tokenFile: admin.tokenFile ?? null };
}

/**
 * The admin bearer token: `admin.token`, the contents of `admin.tokenFile` (trimmed), or
 * `LBKIT_ADMIN_TOKEN`; null when none is set.
 *
 * @throws Error naming `admin.tokenFile` when the file cannot be read or holds a token too short.
 */
export function adminToken(admin: NonNullable<ResolvedProxyConfig['admin']>): string | null {
  let token = admin.token;
  if (admin.tokenFile !== null) {
    try {
      token = readFileSync(admin.tokenFile, 'utf8').trim();
    } catch (e) {
      throw new Error(`admin.tokenFile: cannot read ${admin.tokenFile} (${(e as Error).message}); fix: give a readable file holding the token`);
    }
  }
  token ??= process.env[ADMIN_TOKEN_ENV] || null;
  if (token !== null && (token.length < 16 || !/^[\x21-\x7e]+$/.test(token))) {
    throw new Error('admin token: use at least 16 printable characters without spaces');
  }
  if (token === null && !isLoopback(admin.host)) throw new Error(`admin: no token for a listener on ${admin.host}; fix: set admin.tokenFile or ${ADMIN_TOKEN_ENV}`);
  return token;
}
