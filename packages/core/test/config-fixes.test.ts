/**
 * Every configuration field, given a bad value, is reported at its path with a fix that says what
 * to write instead: an operator reads only the message.
 */
import { describe, expect, it } from 'vitest';
import { formatPath, validatePoolConfig } from '../src/index.js';

const member = { id: 'a' };
const cases: [field: string, config: unknown, path: string, fix: RegExp][] = [
  ['member id', { members: [{ id: 'a b' }] }, 'members[0].id', /1 to 64 characters from A-Z a-z 0-9 \. _ ~ -, unique/],
  ['member route', { members: [{ id: 'a', route: '' }] }, 'members[0].route', /1 to 64 characters .*unique within the pool/],
  ['weight', { members: [{ id: 'a', weight: 101 }] }, 'members[0].weight', /whole number from 1 to 100 \(Apache loadfactor\)/],
  ['tier', { members: [{ id: 'a', tier: 100 }] }, 'members[0].tier', /whole number from 0 to 99 \(Apache lbset\)/],
  ['disabled', { members: [{ id: 'a', disabled: 'yes' }] }, 'members[0].disabled', /^use true or false$/],
  ['draining', { members: [{ id: 'a', draining: 1 }] }, 'members[0].draining', /^use true or false$/],
  ['standby', { members: [{ id: 'a', standby: null }] }, 'members[0].standby', /^use true or false$/],
  ['members', { members: 'a,b' }, 'members', /list of members, each with at least an id/],
  ['method', { members: [member], method: 'roundrobin' }, 'method', /^use one of byrequests, bybusyness, random, p2c, hash$/],
  ['sticky cookie', { members: [member], sticky: { cookie: 'a b' } }, 'sticky.cookie', /cookie name .*e\.g\. ROUTEID/],
  ['sticky urlParam', { members: [member], sticky: { urlParam: '' } }, 'sticky.urlParam', /URL parameter name, e\.g\. jsessionid/],
  ['sticky separator', { members: [member], sticky: { cookie: 'R', separator: '::' } }, 'sticky.separator', /single character/],
  ['sticky scolonPathDelim', { members: [member], sticky: { cookie: 'R', scolonPathDelim: 'on' } }, 'sticky.scolonPathDelim', /^use true or false$/],
  ['sticky maxValueLength', { members: [member], sticky: { cookie: 'R', maxValueLength: 0 } }, 'sticky.maxValueLength', /whole number from 1 to 4096/],
  ['failuresBeforeError', { members: [member], health: { failuresBeforeError: 0 } }, 'health.failuresBeforeError', /whole number from 1 to 1000/],
  ['retryMs', { members: [member], health: { retryMs: 1.5 } }, 'health.retryMs', /milliseconds from 0 to 86400000 .*multiply by 1000/],
  ['failOnStatus', { members: [member], health: { failOnStatus: [700] } }, 'health.failOnStatus[0]', /HTTP statuses from 100 to 599/],
  ['rise', { members: [member], health: { rise: 0 } }, 'health.rise', /whole number from 1 to 100 \(Apache hcpasses\)/],
  ['fall', { members: [member], health: { fall: 0 } }, 'health.fall', /whole number from 1 to 100 \(Apache hcfails\)/],
  ['forceRecovery', { members: [member], health: { forceRecovery: 'on' } }, 'health.forceRecovery', /true or false \(Apache forcerecovery\)/],
  ['maxAttempts', { members: [member], maxAttempts: 0 }, 'maxAttempts', /whole number from 1 to 100/],
  ['seed', { members: [member], seed: -1 }, 'seed', /whole number from 0 to 4294967295/],
  ['hashPointsPerWeight', { members: [member], hashPointsPerWeight: 0 }, 'hashPointsPerWeight', /whole number from 1 to 1000/],
  ['sticky', { members: [member], sticky: 'ROUTEID' }, 'sticky', /object such as \{ "cookie": "ROUTEID"/],
  ['health', { members: [member], health: 60 }, 'health', /object such as \{ "retryMs": 60000 \}/],
  ['an unknown key', { members: [member], retries: 3 }, '(root)', /remove the key, or check its spelling/],
  ['no pool at all', 42, '(root)', /give a pool object with a members list/],
];

describe('every bad field is reported at its path with its fix', () => {
  for (const [field, config, path, fix] of cases) {
    it(field, () => {
      const r = validatePoolConfig(config);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const issue = r.error.find((i) => formatPath(i.path) === path);
      expect(issue, `issues: ${JSON.stringify(r.error)}`).toBeDefined();
      expect(issue!.fix).toMatch(fix);
      expect(issue!.message).not.toBe('');
    });
  }

  it('one issue per path, even when a value breaks several rules', () => {
    const r = validatePoolConfig({ members: [{ id: '' }] });
    expect(r.ok ? [] : r.error.map((i) => formatPath(i.path))).toEqual(['members[0].id']);
  });

  it('cross checks name both members and their fix', () => {
    const r = validatePoolConfig({ sticky: {}, members: [{ id: 'a' }, { id: 'a' }, { id: 'b', route: 'a' }] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toEqual([
      { code: 'duplicate_id', path: ['members', 1, 'id'], message: 'id "a" is already used by members[0]', fix: 'give every member its own id' },
      { code: 'duplicate_route', path: ['members', 1, 'route'], message: 'route "a" is already used by members[0]', fix: 'give every member its own route, or none to use its id' },
      { code: 'duplicate_route', path: ['members', 2, 'route'], message: 'route "a" is already used by members[0]', fix: 'give every member its own route, or none to use its id' },
      {
        code: 'sticky_without_carrier',
        path: ['sticky'],
        message: 'sticky names neither a cookie nor a URL parameter',
        fix: 'set sticky.cookie (e.g. "ROUTEID") and/or sticky.urlParam (e.g. "jsessionid"), or remove sticky',
      },
    ]);
  });
});
