import { describe, expect, it } from 'vitest';
import { parseSetting, SettingError, withSetting } from './scenario-set.js';

const data = {
  pools: { web: { members: [{ id: 'a' }, { id: 'b' }] }, api: { members: [{ id: 'c' }] } },
  clients: [{ name: 'api', arrivals: { ratePerSec: 10 } }],
};

describe('parseSetting', () => {
  it('reads JSON values where they parse, text otherwise, commas outside brackets, and ranges', () => {
    expect(parseSetting('a.b=1,2.5,none')).toEqual({ path: 'a.b', values: [1, 2.5, 'none'] });
    expect(parseSetting('faults=[{"kind":"crash","at":1}],[]')).toEqual({ path: 'faults', values: [[{ kind: 'crash', at: 1 }], []] });
    expect(parseSetting('x=0.5:0.95:0.05').values).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]);
    expect(() => parseSetting('novalue')).toThrow(SettingError);
    expect(() => parseSetting('x=')).toThrow(SettingError);
    expect(() => parseSetting('x=5:1:1')).toThrow(SettingError);
  });
});

describe('withSetting', () => {
  it('sets by key, index, name/id and wildcard, without changing the original', () => {
    expect(withSetting(data, 'clients.api.arrivals.ratePerSec', 99)).toMatchObject({ clients: [{ arrivals: { ratePerSec: 99 } }] });
    expect(withSetting(data, 'clients.0.name', 'x')).toMatchObject({ clients: [{ name: 'x' }] });
    expect(withSetting(data, 'pools.web.members.b.weight', 3)).toMatchObject({ pools: { web: { members: [{ id: 'a' }, { id: 'b', weight: 3 }] } } });
    expect(withSetting(data, 'pools.*.method', 'p2c')).toMatchObject({ pools: { web: { method: 'p2c' }, api: { method: 'p2c' } } });
    expect(data.pools.web).not.toHaveProperty('method');
  });

  it('names the path and what exists when a path is wrong', () => {
    expect(() => withSetting(data, 'clients.7.name', 'x')).toThrow('has 1 entries');
    expect(() => withSetting(data, 'clients.web.name', 'x')).toThrow('no entry named "web" (use an index or one of api)');
    expect(() => withSetting(data, 'nothing.here', 1)).toThrow('"nothing" does not exist (keys here: pools, clients)');
    expect(() => withSetting(data, 'a..b', 1)).toThrow('empty path segment');
  });
});
