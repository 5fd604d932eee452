/**
 * The proxy under fault, in its own process so that its file descriptors and memory are its own.
 * Takes its configuration as JSON in `argv[2]`; tells its parent its port, then answers `stats`
 * messages with its open descriptors and resident memory (after a full GC).
 */
import { readdirSync } from 'node:fs';
import { createProxy, type ProxyConfigInput } from '../../src/index.js';

const proxy = createProxy(JSON.parse(process.argv[2]!) as ProxyConfigInput, { healthChecks: false });
const [address] = await proxy.listen();
process.send?.({ port: address!.port });

process.on('message', (m: { stats?: boolean; stop?: number }) => {
  if (m.stats === true) {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ fds: readdirSync('/proc/self/fd').length, rss: process.memoryUsage().rss });
  }
  if (m.stop !== undefined) void proxy.close({ graceMs: m.stop }).then(() => process.send?.({ stopped: true }));
});
process.on('disconnect', () => process.exit(0));
