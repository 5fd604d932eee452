/**
 * Byte-level test tools: a client that writes raw bytes to the proxy and reads raw bytes back, and
 * a recording member that keeps exactly the bytes each of its connections received next to the
 * requests its (strict, Node) parser made of them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { track } from './helpers.js';

/** What a recording member made of one request. */
export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  /** Index of the connection it came on. */
  readonly connection: number;
}

/** A member that records every byte it receives, per connection, and every request it parsed. */
export interface RecordingMember {
  readonly url: string;
  readonly port: number;
  /** Raw bytes received, one entry per connection, in connection order. */
  readonly wire: Buffer[];
  readonly requests: Seen[];
  /** Every received byte as latin1 text, all connections joined. */
  text(): string;
}

/**
 * Starts a recording member. By default it answers each request once its body is in with 200 and
 * a body naming the member; `answer` may answer otherwise (or not at all).
 */
export async function recordingMember(name = 'm1', answer?: (req: IncomingMessage, res: ServerResponse, body: Buffer) => void): Promise<RecordingMember> {
  const wire: Buffer[] = [];
  const requests: Seen[] = [];
  const sockets = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    const connection = (req.socket as Socket & { lbkitIndex?: number }).lbkitIndex ?? -1;
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body, connection });
      if (answer !== undefined) return answer(req, res, body);
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': String(name.length) });
      res.end(name);
    });
  });
  server.on('connection', (s: Socket & { lbkitIndex?: number }) => {
    s.lbkitIndex = wire.length;
    const i = wire.length;
    wire.push(Buffer.alloc(0));
    sockets.add(s);
    s.on('data', (d: Buffer) => (wire[i] = Buffer.concat([wire[i]!, d])));
    s.on('close', () => sockets.delete(s));
  });
  // A member that could not parse something still records it; its parser's 400 is the member's business.
  server.on('clientError', (_e, s: Socket) => s.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  track({
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        for (const s of sockets) s.destroy();
      }),
  });
  return { url: `http://127.0.0.1:${port}`, port, wire, requests, text: () => Buffer.concat(wire).toString('latin1') };
}

/** What a raw exchange with the proxy produced. */
export interface RawAnswer {
  /** Everything the proxy sent, latin1. */
  readonly text: string;
  /** Status codes of every response found in `text`, in order. */
  readonly statuses: number[];
  /** The connection ended with an error (e.g. ECONNRESET) rather than a clean close. */
  readonly error: string | null;
}

/** The statuses of the HTTP/1.1 responses in a latin1 byte string (status lines at message starts). */
export function statusesOf(text: string): number[] {
  const out: number[] = [];
  let at = 0;
  while (at < text.length) {
    const m = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(text.slice(at));
    if (m === null) break;
    out.push(Number(m[1]));
    const headEnd = text.indexOf('\r\n\r\n', at);
    if (headEnd < 0) break;
    const head = text.slice(at, headEnd);
    const cl = /\r\ncontent-length: *(\d+)/i.exec(head);
    let next = headEnd + 4;
    if (cl !== null) next += Number(cl[1]);
    else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const end = text.indexOf('\r\n0\r\n\r\n', headEnd);
      next = end < 0 ? text.length : end + 7;
    } else if (!/^HTTP\/1\.[01] (1\d\d|204|304)/.test(head)) next = text.length;
    at = next;
  }
  return out;
}

/**
 * Writes `bytes` to `port` and collects every byte answered until the connection closes. With
 * `halfClose`, the client half-closes after writing; without, it waits for the proxy to close, for
 * `until` to say the answer is complete (then closes itself), or for `idleMs` of silence.
 */
export function rawExchange(port: number, bytes: string | Buffer, options: { halfClose?: boolean; until?: (text: string) => boolean; idleMs?: number } = {}): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    let error: string | null = null;
    socket.setEncoding('latin1');
    // A safety net for peers that keep a connection open without answering, not a timing assumption.
    if (options.idleMs !== undefined) socket.setTimeout(options.idleMs, () => socket.destroy());
    socket.on('data', (d: string) => {
      text += d;
      if (options.until?.(text) === true) socket.end();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on('close', () => resolve({ text, statuses: statusesOf(text), error }));
    socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    if (options.halfClose === true) socket.end();
  });
}

/** `until` for {@link rawExchange}: stops once `n` complete responses arrived. */
export const responses = (n: number) => (text: string): boolean => statusesOf(text).length >= n && completeMessages(text) >= n;

function completeMessages(text: string): number {
  // statusesOf stops at an incomplete head; count heads whose declared body is fully in.
  let n = 0;
  let at = 0;
  while (at < text.length) {
    const headEnd = text.indexOf('\r\n\r\n', at);
    if (headEnd < 0) break;
    const head = text.slice(at, headEnd);
    const cl = /\r\ncontent-length: *(\d+)/i.exec(head);
    let next: number;
    if (cl !== null) next = headEnd + 4 + Number(cl[1]);
    else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const end = text.indexOf('\r\n0\r\n\r\n', headEnd);
      if (end < 0) break;
      next = end + 7;
    } else next = headEnd + 4;
    if (next > text.length) break;
    n++;
    at = next;
  }
  return n;
}

/** A request's header value(s) by name, case-insensitively, from raw headers. */
export function headerValues(raw: readonly string[], name: string): string[] {
  const out: string[] = [];
  const lower = name.toLowerCase();
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === lower) out.push(raw[i + 1]!);
  return out;
}
