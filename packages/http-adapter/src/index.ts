export * from './proxy.js';
export * from './config.js';
