/**
 * `@lbkit/http-adapter`: a reverse proxy on Node's HTTP stack whose every routing decision comes
 * from `@lbkit/core`. It does the I/O (pooled keep-alive connections, streamed bodies, timeouts,
 * health checks) and feeds the core its events; it never picks a member itself.
 *
 * @example
 * ```ts
 * import { createProxy, loadProxyConfig } from '@lbkit/http-adapter'
 *
 * const proxy = createProxy(await loadProxyConfig('examples/seed-lab/lbkit.yaml'))
 * const [address] = await proxy.listen()
 * console.log(`listening on ${address.url}`)
 * process.once('SIGINT', () => void proxy.close())
 * ```
 *
 * @packageDocumentation
 */
export { createProxy, type Proxy, type ProxyAddress, type ProxyOptions } from './proxy.js';
export type { ListenerAddress } from './listeners.js';
export { loadProxyConfig, readProxyConfigText } from './config-file.js';
export {
  parseProxyConfig,
  validateProxyConfig,
  type MemberInput,
  type PoolInput,
  type ProxyConfigInput,
  type ResolvedMount,
  type ResolvedPool,
  type ResolvedProxyConfig,
  type ResolvedTarget,
} from './config.js';
export { REASON_HEADER, type ProxyReason } from './errors.js';
export type { ExchangeSummary } from './forward.js';
export type { InputRecorder } from './pool-runtime.js';
export { EXIT, runCli, type CliIo } from './run-cli.js';
export { startAdmin, type AdminOptions, type AdminServer } from './admin.js';
export { localControl, type AdminControl, type CommandRecord } from './admin-control.js';
export { accessLogger, decisionOf } from './access-log.js';
export { ProxyMetrics } from './metrics.js';
export type { MemberCounters, MemberHealth, MemberView, PoolView } from './member-view.js';
export { COMMAND_TYPES, type AdminCommand } from './pool-members.js';
export type { ReloadResult } from './reload.js';
export { REQUEST_ID_HEADER } from './request-id.js';
export { importApache, type ApacheImport } from './import-apache.js';
export type { ImportFinding } from './import-apache-params.js';
