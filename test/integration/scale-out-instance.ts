// One NetPilot instance for the scale-out test, in a child process: startNetPilot (as `npm start`
// composes it) with the store chosen by NETPILOT_STORE, an external emulator (its CA in
// NETPILOT_DATA_DIR) and an ephemeral port. Prints `listening <url>`, `watching <ids>` whenever the
// set of operations its watcher holds changes, and its log lines (JSON) on stdout; runs until killed.
import { Writable } from 'node:stream';
import { createLogger } from '../../bot/logger.ts';
import { startNetPilot } from '../../bot/start.ts';
import { loadConfig } from '../../services/config.ts';

const env = process.env;
const keys = ['NETPILOT_DATA_DIR', 'NETPILOT_EMULATOR_URL', 'NETPILOT_STORE', 'AZURE_STORAGE_CONNECTION_STRING', 'NETPILOT_LEASE_SECONDS',
  'NETPILOT_POLL_SECONDS'] as const;
const config = loadConfig({ ...Object.fromEntries(keys.map((k) => [k, env[k]])), NETPILOT_PLAYGROUND: '0', LOG_LEVEL: 'info' });
const out = (line: string): void => { process.stdout.write(`${line}\n`); };
const logger = createLogger({ level: 'info', destination: new Writable({ write: (chunk: Buffer, _e, cb) => { out(`log ${chunk.toString('utf8').trim()}`); cb(); } }) });
const app = await startNetPilot(config, { logger, port: 0 });
out(`listening ${app.botUrl}`);
let last = '';
setInterval(() => {
  const now = app.watcher.watching().sort().join(',');
  if (now !== last) out(`watching ${now}`);
  last = now;
}, 100);
process.on('SIGTERM', () => { void app.stop().then(() => process.exit(0)); });
