/**
 * A worker thread of an experiment: receives replications to run, answers with their figures.
 * It validates each point's scenario once and keeps it.
 *
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runReplication, type ReplicationTask } from './experiment-run.js';
import type { Scenario } from './scenario.js';
import { scenarioFromData } from './scenario-file.js';

const { data, file } = workerData as { data: unknown; file: string };
const scenarios = new Map<number, Scenario>();

parentPort!.on('message', (task: ReplicationTask) => {
  let scenario = scenarios.get(task.point);
  if (scenario === undefined) {
    scenario = scenarioFromData(data, file, task.values);
    scenarios.set(task.point, scenario);
  }
  parentPort!.postMessage({ task: task.task, observation: runReplication(scenario, task.seed, task.replication) });
});
