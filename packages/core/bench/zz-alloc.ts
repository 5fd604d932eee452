import { createPool } from '../src/index.js';
const method = (process.argv[2] ?? 'bybusyness') as 'bybusyness';
const n = Number(process.argv[3] ?? 1000);
const p = createPool({ method, members: Array.from({ length: n }, (_, i) => ({ id: `m${i}` })) });
let now = 0;
const body = (k: number) => { for (let r = 0; r < k; r++) { now++; const d = p.decide({}, now); if (d.type === 'forward') p.apply({ type: 'responseReceived', member: d.member, status: 200 }, now); } };
body(300000);
const gc = (globalThis as { gc?: () => void }).gc!;
for (let t = 0; t < 4; t++) {
  gc();
  const a = process.memoryUsage().heapUsed;
  body(100000);
  const b = process.memoryUsage().heapUsed;
  console.log(method, n, ((b - a) / 100000).toFixed(1), 'bytes/op');
}
