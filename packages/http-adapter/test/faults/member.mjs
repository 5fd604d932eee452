// A member for the fault suite, run as its own process so that it can be killed with SIGKILL.
// Plain JavaScript on purpose: a restart then costs a bare Node start (about 4x faster than
// through tsx on this machine), so more faults fit in a run.
//
// It listens on the port given in argv[2], logs every execution (request id and method) to the
// file argv[3] with a synchronous write (it survives a kill -9), and behaves as its parent says
// over IPC: ok, hang (executes, never answers), reset (executes, sends part of a response, then
// resets the connection), 5xx (executes, answers 503).
import { closeSync, openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const log = openSync(process.argv[3], 'a');
let mode = 'ok';

process.on('message', (m) => {
  if (m.mode !== undefined) mode = m.mode;
});

const body = Buffer.alloc(2_048, 'm');
const server = createServer({ keepAliveTimeout: 1_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    writeSync(log, `${req.headers['x-request-id'] ?? '-'} ${req.method}\n`);
    if (mode === 'hang') return;
    if (mode === 'reset') {
      res.writeHead(200, { 'Content-Length': String(body.length) });
      res.write(body.subarray(0, 100), () => res.socket?.resetAndDestroy());
      return;
    }
    if (mode === '5xx') {
      res.writeHead(503, { 'Content-Length': '0' });
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Length': String(body.length), 'Content-Type': 'application/octet-stream' });
    res.end(body);
  });
});
server.listen(port, '127.0.0.1', () => process.send?.({ ready: true }));
process.on('disconnect', () => {
  closeSync(log);
  process.exit(0);
});
