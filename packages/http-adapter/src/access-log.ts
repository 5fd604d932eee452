/**
 * The access log: one JSON line per request through pino, with the request id, the member, the
 * attempts, why the member was chosen (or why the proxy answered by itself), status and timings.
 *
 * @module
 */
import { pino } from 'pino';
import type { ExchangeSummary } from './forward.js';

/**
 * Why a request went where it went: `affinity` (its route), `balanced` (the lbmethod chose),
 * `failover` (another member failed first), or the reason the proxy answered by itself.
 *
 * @example
 * ```ts
 * decisionOf({ ...summary, attempts: 2, reason: null }) // 'failover'
 * ```
 */
export function decisionOf(s: ExchangeSummary): string {
  if (s.reason !== null) return s.reason;
  if (s.attempts > 1) return 'failover';
  if (s.affinity === true) return 'affinity';
  return s.member === null ? 'none' : 'balanced';
}

/**
 * A request hook that writes one JSON line per request to `out`.
 *
 * @example
 * ```ts
 * createProxy(config, { onRequest: accessLogger(process.stdout) })
 * // {"level":30,"time":"2026-...","msg":"request","requestId":"4f1c...","method":"GET","url":"/","status":200,
 * //  "pool":"static","member":"static1","attempts":1,"decision":"affinity","completed":true,"ms":1.9,"headersMs":1.4}
 * ```
 */
export function accessLogger(out: NodeJS.WritableStream): (s: ExchangeSummary) => void {
  const logger = pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime }, out as NodeJS.WritableStream & { write(s: string): boolean });
  return (s) => {
    logger.info(
      {
        requestId: s.requestId,
        method: s.method,
        url: s.url,
        status: s.status,
        pool: s.pool,
        member: s.member,
        attempts: s.attempts,
        decision: decisionOf(s),
        completed: s.completed,
        ms: s.ms,
        headersMs: s.headersMs,
      },
      'request',
    );
  };
}
