import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonNumber, LineCutter } from './replay-line.js';

const cutter = new LineCutter(
  (r) => typeof r.url === 'string',
  (d) => d.type === 'forward' || d.type === 'reject',
  (e) => e.type === 'responseReceived' || e.type === 'memberAdded',
);
const decide =
  '{"type":"decide","at":12.5,"request":{"url":"/a","cookie":"ROUTEID=.s1"},"decision":{"type":"forward","member":"s1","route":"s1","attempt":1,"affinity":true,"routeChanged":false,"setCookie":null},"pool":"b0/web"}';
const apply = '{"type":"apply","at":1e3,"event":{"type":"responseReceived","member":"s1","status":200}}';

describe('LineCutter', () => {
  it('cuts a decide line into the values a whole-line parse gives', () => {
    const c = cutter.cut(decide)!;
    const whole = JSON.parse(decide) as Record<string, unknown>;
    expect(c).toEqual({ decide: true, at: whole.at, input: whole.request, decision: whole.decision, pool: 'b0/web' });
  });

  it('cuts an apply line without a pool, and shares equal events', () => {
    const c = cutter.cut(apply)!;
    expect(c).toEqual({ decide: false, at: 1000, input: { type: 'responseReceived', member: 's1', status: 200 }, decision: null, pool: undefined });
    expect(cutter.cut(apply)!.input).toBe(c.input);
  });

  it('does not share an event holding an object (the core may keep it)', () => {
    const added = '{"type":"apply","at":1,"event":{"type":"memberAdded","member":{"id":"s9"}}}';
    expect(cutter.cut(added)!.input).not.toBe(cutter.cut(added)!.input);
  });

  it('leaves to the strict path what it cannot cut cleanly or what fails a check', () => {
    const odd = [
      ' ' + apply, // leading space
      apply.replace('1e3', '0x10'), // not a JSON number
      apply.replace('1e3', '1e999'), // not finite
      decide.replace('"b0/web"', '"b0\\"web"'), // escaped quote in the pool
      decide.replace('"attempt":1,', '"attempt":1,}'), // broken decision
      decide.replace('"url":"/a"', '"url":7'), // request fails its check
      apply.replace('responseReceived', 'exploded'), // unknown event type
      '{"type":"start","at":0,"state":{}}',
      '',
    ];
    for (const line of odd) expect(cutter.cut(line), line).toBeNull();
  });
});

describe('LineCutter tails', () => {
  it('tells apart tails that differ in one character (same length, likely the same sampled hash)', () => {
    const c = new LineCutter(
      () => true,
      () => true,
      () => true,
    );
    const line = (i: number, at: number) => decide.replace('12.5', String(at)).replaceAll('"s1"', `"s${100 + i}"`);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 300; i++) {
        const cut = c.cut(line(i, round * 1000 + i))!;
        expect(cut.at).toBe(round * 1000 + i);
        expect((cut.decision as { member: string }).member).toBe(`s${100 + i}`);
      }
    }
  });

  it('does not take a decide tail for an apply line', () => {
    expect(cutter.cut(decide)).not.toBeNull();
    expect(cutter.cut(decide.replace('{"type":"decide"', '{"type":"apply"'))).toBeNull();
  });
});

describe('jsonNumber', () => {
  const grammar = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
  const expected = (t: string) => (grammar.test(t) ? Number(t) : NaN);

  it('reads exactly the JSON number grammar, to the value Number gives', () => {
    for (const t of ['0', '-0', '12.5', '1e3', '1E+3', '2.5e-7', '4.660897174089513', '9007199254740993', '1e400', '0.1', '123456.78901234567']) {
      expect(Object.is(jsonNumber(t, 0, t.length), Number(t)), t).toBe(true);
    }
    for (const t of ['', '-', '01', '1.', '.5', '+1', '1e', '1e+', '0x10', 'Infinity', ' 1', '1 ', '--1', '1.2.3']) expect(jsonNumber(t, 0, t.length), t).toBeNaN();
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'0123456789.eE+-x '.split('')), { maxLength: 14 }), fc.string({ maxLength: 3 }), (chars, around) => {
        const t = chars.join('');
        expect(Object.is(jsonNumber(around + t + around, around.length, around.length + t.length), expected(t))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('gives back every double from the text JSON writes for it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ min: 0, max: 1e7, noNaN: true })), (x) => {
        const t = JSON.stringify(x);
        expect(Object.is(jsonNumber(t, 0, t.length), Number(t))).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });
});
