/**
 * Which `Upgrade` requests the proxy tunnels (RFC 9110 §7.8): HTTP/1.1 only, `Upgrade` listed in
 * `Connection`, no request body, method GET, every offered protocol allowed by the configuration;
 * and which member answers complete a switch: `101` naming only protocols the client offered.
 *
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Lower-cased tokens of a comma-separated header value. */
function tokens(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
}

/** A protocol's name without its version: `websocket/13` is `websocket`. */
const nameOf = (protocol: string): string => protocol.split('/')[0]!;

/**
 * Why an upgrade request is refused, or null when it may be tunnelled.
 *
 * @example
 * ```ts
 * upgradeRefusal(req, ['websocket']) // null for a WebSocket handshake; 'protocol h2c is not allowed' for h2c
 * ```
 */
export function upgradeRefusal(req: IncomingMessage, allowed: readonly string[]): string | null {
  if (req.httpVersion !== '1.1') return 'Upgrade needs HTTP/1.1';
  if (req.method !== 'GET') return 'only GET requests can be upgraded';
  const h = req.headers;
  if (!tokens(h.connection).includes('upgrade')) return 'Connection does not list Upgrade';
  if (h['transfer-encoding'] !== undefined || (h['content-length'] !== undefined && h['content-length'] !== '0')) return 'an upgrade request cannot carry a body';
  const offered = tokens(h.upgrade);
  if (offered.length === 0) return 'Upgrade names no protocol';
  for (const p of offered) if (!allowed.includes(nameOf(p))) return `protocol ${p} is not allowed (server.upgradeProtocols)`;
  return null;
}

/** The protocols a request offers, as its `Upgrade` header value to forward. */
export function offeredValue(headers: IncomingHttpHeaders): string {
  return tokens(headers.upgrade).join(', ');
}

/**
 * True when a member's `101` switches to protocols the client offered; anything else must not
 * open a tunnel (the client could then talk to the member unchecked).
 */
export function switchAccepted(requested: IncomingHttpHeaders, status: number | undefined, answer: IncomingHttpHeaders): boolean {
  if (status !== 101) return false;
  const offered = tokens(requested.upgrade).map(nameOf);
  const chosen = tokens(answer.upgrade);
  return chosen.length > 0 && chosen.every((p) => offered.includes(nameOf(p)));
}
