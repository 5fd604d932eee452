/**
 * Runs {@link MiniProxy} against fake members on a fake clock and replays its log: the output the
 * embedding guide quotes, checked by the guide test.
 *
 * @module
 */
import { parseLog, replayLog } from '@lbkit/core';
import { MiniProxy, type Outcome } from './mini-proxy.js';

/** Three requests to the seed's static pool while static2 refuses connections; one line each, then the replay. */
export async function demo(): Promise<string[]> {
  let now = 0;
  const clock = (): number => (now += 5); // every call is 5 ms later
  const send = async (member: string): Promise<Outcome> => (member === 'static2' ? 'refused' : 200);
  const proxy = new MiniProxy(
    { sticky: { cookie: 'ROUTEID' }, members: [{ id: 'static1' }, { id: 'static2' }, { id: 'static3' }] },
    send,
    clock,
  );
  const lines: string[] = [];
  for (const cookie of [undefined, undefined, 'ROUTEID=.static1']) {
    const reply = await proxy.handle({ url: '/', ...(cookie === undefined ? {} : { cookie }) });
    lines.push(`${cookie ?? 'no cookie'} → ${reply.status} ${JSON.stringify(reply.headers)}`);
  }
  const parsed = parseLog(proxy.log.join('\n'));
  if (!parsed.ok) throw new Error(`bad log line ${parsed.error[0]!.line}`);
  const report = replayLog(parsed.value);
  lines.push(`replay: ok=${report.ok}, ${report.decisions} decisions, ${report.events} events`);
  return lines;
}
