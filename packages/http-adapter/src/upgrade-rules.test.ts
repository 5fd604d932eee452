import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { switchAccepted, upgradeRefusal } from './upgrade-rules.js';

const req = (headers: Record<string, string>, method = 'GET', httpVersion = '1.1') => ({ method, httpVersion, headers }) as unknown as IncomingMessage;
const ws = { connection: 'keep-alive, Upgrade', upgrade: 'websocket' };

describe('upgradeRefusal (RFC 9110 §7.8)', () => {
  const cases: [string, IncomingMessage, RegExp | null][] = [
    ['a WebSocket handshake', req(ws), null],
    ['HTTP/1.0', req(ws, 'GET', '1.0'), /HTTP\/1.1/],
    ['POST', req(ws, 'POST'), /only GET/],
    ['Upgrade not listed in Connection', req({ connection: 'keep-alive', upgrade: 'websocket' }), /Connection/],
    ['a body', req({ ...ws, 'content-length': '4' }), /body/],
    ['chunked', req({ ...ws, 'transfer-encoding': 'chunked' }), /body/],
    ['h2c', req({ connection: 'Upgrade', upgrade: 'h2c' }), /h2c is not allowed/],
    ['one allowed and one not', req({ connection: 'Upgrade', upgrade: 'websocket, h2c' }), /h2c/],
  ];
  it.each(cases)('%s', (_what, r, why) => {
    const refusal = upgradeRefusal(r, ['websocket']);
    if (why === null) expect(refusal).toBeNull();
    else expect(refusal).toMatch(why);
  });
});

describe('switchAccepted', () => {
  it('needs a 101 naming a protocol the client offered', () => {
    expect(switchAccepted({ upgrade: 'websocket' }, 101, { upgrade: 'WebSocket' })).toBe(true);
    expect(switchAccepted({ upgrade: 'websocket' }, 101, { upgrade: 'h2c' })).toBe(false);
    expect(switchAccepted({ upgrade: 'websocket' }, 101, {})).toBe(false);
    expect(switchAccepted({ upgrade: 'websocket' }, 200, { upgrade: 'websocket' })).toBe(false);
  });
});
