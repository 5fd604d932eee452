/**
 * An experiment's result does not depend on how many worker threads run it, nor on the order they
 * finish in: every replication is a pure function of (scenario, point, seed, replication).
 */
import { describe, expect, it } from 'vitest';
import { runExperiment, type ExperimentSpec } from '../src/experiment-run.js';
import { readScenarioData } from '../src/scenario-file.js';
import { parseSetting } from '../src/scenario-set.js';

const spec: ExperimentSpec = {
  data: readScenarioData(new URL('../scenarios/p2c-vs-round-robin.json', import.meta.url).pathname),
  file: 'p2c-vs-round-robin.json',
  axes: [parseSetting('durationMs=2000'), parseSetting('warmupMs=200'), parseSetting('pools.*.method=byrequests,p2c')],
  seed: 7,
  replications: 5,
  level: 0.9,
};

describe('experiments on worker threads', () => {
  it('give byte-identical results with 1 and 2 workers', async () => {
    const progress: number[] = [];
    const inline = JSON.stringify(await runExperiment(spec, { workers: 1, onProgress: (done) => progress.push(done) }));
    expect(progress).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(JSON.stringify(await runExperiment(spec, { workers: 2 }))).toBe(inline);
  });

  it('gives replications that differ from each other, and the same replications to every point', async () => {
    const r = await runExperiment(spec, { workers: 1 });
    const means = r.points[0]!.replications.map((o) => o['latency.mean']);
    expect(new Set(means).size).toBe(5);
    // common random numbers: the same arrivals, so the same number of requests sent per replication
    const sent = (i: number) => r.points[i]!.replications.map((o) => o['rate.succeeded']! + o['rate.errors']! + o['rate.refused']!);
    expect(sent(0)).toEqual(sent(1));
  });
});
