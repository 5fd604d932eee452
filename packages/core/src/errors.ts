/**
 * Error codes, configuration issues and the one error class thrown at boundaries.
 *
 * Expected outcomes (no usable member, a forged route) are values, never exceptions: see
 * {@link RejectReason}. Exceptions are for programmer errors and for boundaries that were handed
 * input they must refuse, such as an invalid configuration passed to {@link createPool}.
 *
 * @module
 */

/**
 * Stable codes carried by every {@link LbkitError}.
 *
 * @example
 * ```ts
 * try { pool.apply(event, now) }
 * catch (e) { if (e instanceof LbkitError && e.code === 'LBK_ERR_UNKNOWN_MEMBER') log.warn(e.message); else throw e }
 * ```
 */
export type LbkitErrorCode =
  | 'LBK_ERR_INVALID_CONFIG'
  | 'LBK_ERR_UNKNOWN_MEMBER'
  | 'LBK_ERR_UNKNOWN_POOL'
  | 'LBK_ERR_DUPLICATE_MEMBER'
  | 'LBK_ERR_INVALID_EVENT'
  | 'LBK_ERR_INVALID_REQUEST'
  | 'LBK_ERR_INVALID_TIME'
  | 'LBK_ERR_INVALID_STATE'
  | 'LBK_ERR_INVALID_LOG';

/**
 * One problem found in a configuration: where it is, what is wrong and how to fix it.
 *
 * @example
 * ```ts
 * { code: 'too_big', path: ['members', 2, 'weight'], message: 'weight is 250', fix: 'use a whole number from 1 to 100' }
 * ```
 *
 * @remarks
 * Apache stops at the first bad directive; lbkit reports every problem at once.
 */
export interface ConfigIssue {
  /** A short machine-readable kind, e.g. `invalid_type`, `duplicate_id`. */
  readonly code: string;
  /** Where in the input the problem is: object keys and array indexes from the root. */
  readonly path: readonly (string | number)[];
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** What would fix it, in one sentence. */
  readonly fix: string;
}

/**
 * The outcome of an operation that can fail in an expected way: a value, or the reasons it failed.
 *
 * @example
 * ```ts
 * const r: Result<ResolvedPoolConfig, ConfigIssue[]> = validatePoolConfig(input)
 * if (r.ok) use(r.value); else report(r.error)
 * ```
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/**
 * Renders a path like `members[2].weight` for messages.
 *
 * @example
 * ```ts
 * formatPath(['members', 2, 'weight']) // 'members[2].weight'
 * formatPath([])                       // '(root)'
 * ```
 */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * The single error class lbkit throws, with a stable {@link LbkitErrorCode}.
 *
 * @example
 * ```ts
 * try { createPool({ members: [], method: 'nope' }) }
 * catch (e) { if (e instanceof LbkitError && e.code === 'LBK_ERR_INVALID_CONFIG') console.error(e.message) }
 * ```
 *
 * @remarks
 * Unlike `apachectl configtest`, which stops at the first bad directive, the message lists every
 * problem, each with its source (file), path and fix.
 */
export class LbkitError extends Error {
  override readonly name = 'LbkitError';
  /** The stable code: match on it, not on the message. */
  readonly code: LbkitErrorCode;
  /** Every configuration issue, when {@link LbkitError.code} is `LBK_ERR_INVALID_CONFIG`. */
  readonly issues: readonly ConfigIssue[];

  constructor(code: LbkitErrorCode, message: string, issues: readonly ConfigIssue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }

  /** Builds the error for a list of configuration issues, one line each, prefixed by `source` (a file name). */
  static fromIssues(issues: readonly ConfigIssue[], source = 'config'): LbkitError {
    const lines = issues.map((i) => `  ${source}: ${formatPath(i.path)}: ${i.message}; fix: ${i.fix}`);
    return new LbkitError('LBK_ERR_INVALID_CONFIG', `invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`, issues);
  }
}
