import { describe, expect, it } from 'vitest';
import { causeOf, statusFor, timeoutError } from './errors.js';

const err = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

describe('causeOf', () => {
  const cases: [string, boolean, string][] = [
    ['ECONNREFUSED', false, 'refused'],
    ['EHOSTUNREACH', false, 'refused'],
    ['LBK_CONNECT_TIMEOUT', false, 'timeout'],
    ['LBK_TIMEOUT', true, 'timeout'],
    ['ECONNRESET', true, 'reset'],
    ['ECONNRESET', false, 'reset'],
    ['EPIPE', true, 'reset'],
    ['HPE_INVALID_CONSTANT', true, 'protocol'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', false, 'refused'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', false, 'refused'],
  ];
  it.each(cases)('%s (connected: %s) is %s', (code, connected, cause) => expect(causeOf(err(code), connected)).toBe(cause));
  it('keeps the code of the errors it makes', () => expect(causeOf(timeoutError('LBK_CONNECT_TIMEOUT', 'x'), false)).toBe('timeout'));
});

describe('statusFor', () => {
  const cases: [Parameters<typeof statusFor>[0], number][] = [
    ['all-down', 503],
    ['attempts-exhausted', 503],
    ['upstream-refused', 502],
    ['upstream-reset', 502],
    ['upstream-protocol', 502],
    ['upstream-timeout', 504],
    ['no-mount', 404],
    ['bad-target', 400],
    ['bad-request', 400],
    ['headers-too-large', 431],
    ['method-not-allowed', 405],
    ['bad-version', 505],
  ];
  it.each(cases)('%s → %i', (reason, status) => expect(statusFor(reason)).toBe(status));
});
