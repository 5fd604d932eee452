/**
 * Stands in for `node:fs` in the browser build: `@lbkit/sim` imports `readFileSync` for its file
 * loader, which the playground never calls (it builds scenarios in memory).
 *
 * @module
 */

/** Fails loudly if anything in the page ever tries to read a file. */
export function readFileSync(): never {
  throw new Error('the playground cannot read files');
}
