// NetPilot as `npm start` composes it (startNetPilot), in a child process for the restart test: the
// data dir and an external emulator (NETPILOT_EMULATOR_URL + emulator-ca.pem) come from the parent,
// so the emulator outlives the bot. With NP_APPROVE=<cluster> it also creates and approves a request
// whose thread is the parent's local connector. Prints `resumed N`, `approved <id>`, `ready`, and
// `idle` once every watched operation ended; then keeps running until killed.
import { createLogger } from '../../../bot/logger.ts';
import { startNetPilot } from '../../../bot/start.ts';
import { loadConfig } from '../../../services/config.ts';
import { approveRequest, testThread } from './stack.ts';

const env = process.env;
const connectorUrl = env.NP_CONNECTOR_URL;
if (!env.NETPILOT_DATA_DIR || !connectorUrl || !env.NETPILOT_EMULATOR_URL) {
  process.stderr.write('child-netpilot: NETPILOT_DATA_DIR, NP_CONNECTOR_URL and NETPILOT_EMULATOR_URL are required\n');
  process.exit(2);
}
const config = loadConfig({ NETPILOT_DATA_DIR: env.NETPILOT_DATA_DIR, NETPILOT_EMULATOR_URL: env.NETPILOT_EMULATOR_URL,
  NETPILOT_PLAYGROUND: '0', NETPILOT_POLL_SECONDS: '1', LOG_LEVEL: 'warn' });
const logger = createLogger({ level: 'warn', destination: process.stderr });
const app = await startNetPilot(config, { logger, port: 0 });
const running = app.store.operations.listRunning().length;
process.stdout.write(`resumed ${running}\n`);
if (env.NP_APPROVE) {
  const request = await approveRequest(app.approvals, env.NP_APPROVE, testThread(connectorUrl, 'en'));
  process.stdout.write(`approved ${request.id}\n`);
}
process.stdout.write('ready\n');
await app.approvals.drain();
await app.watcher.idle();
process.stdout.write('idle\n');
