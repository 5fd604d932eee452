import { readScenarioData } from './src/scenario-file.js';
import { parseSetting } from './src/scenario-set.js';
import { runExperiment } from './src/experiment-run.js';
const t0 = Date.now();
const r = await runExperiment({ data: readScenarioData('scenarios/mm1.json'), file: 'mm1.json', axes: [parseSetting('clients.0.arrivals.ratePerSec=500:950:50')], seed: 1, replications: 10, level: 0.95 }, { workers: Number(process.argv[2] ?? 2) });
for (const p of r.points) { const f = p.figures['latency.mean']!; console.log(p.values[0]![1], f.mean.toFixed(3), '±', f.halfWidth.toFixed(3), 'theory', p.theory?.sojournMs.toFixed(3), Math.abs(f.mean - p.theory!.sojournMs) <= f.halfWidth ? 'in' : 'OUT'); }
console.log('wall', Date.now() - t0, 'ms');
