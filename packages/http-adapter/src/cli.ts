#!/usr/bin/env node
/**
 * The `lbkit` executable. All the work is in {@link runCli}.
 *
 * @module
 */
import { availableParallelism } from 'node:os';
import { runCli } from './run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, defaultWorkers: availableParallelism() });
