// NetPilot in DEMO mode as `npm start` composes it (loadConfig with the demo speed default, then
// startNetPilot): no NETPILOT_EMULATOR_URL, so the emulator runs in this process and keeps its world
// in NETPILOT_DATA_DIR. For the demo restart test: with NP_APPROVE=<cluster> it creates and approves
// a request whose thread is the parent's local connector. Prints `emulator <url>`, `resumed N`,
// `approved <id>`, `ready`, and `idle` once every watched operation ended; then runs until killed.
import { createLogger } from '../../../bot/logger.ts';
import { startNetPilot } from '../../../bot/start.ts';
import { loadConfig } from '../../../services/config.ts';
import { approveRequest, testThread } from './stack.ts';

const env = process.env;
const connectorUrl = env.NP_CONNECTOR_URL;
if (!env.NETPILOT_DATA_DIR || !connectorUrl || env.NETPILOT_EMULATOR_URL) {
  process.stderr.write('child-demo-netpilot: NETPILOT_DATA_DIR and NP_CONNECTOR_URL are required, NETPILOT_EMULATOR_URL must be unset\n');
  process.exit(2);
}
const config = loadConfig({ NETPILOT_DATA_DIR: env.NETPILOT_DATA_DIR, NETPILOT_EMULATOR_SPEED: env.NETPILOT_EMULATOR_SPEED,
  NETPILOT_PLAYGROUND: '0', NETPILOT_POLL_SECONDS: '1', LOG_LEVEL: 'warn' }, { defaultEmulatorSpeed: 20 });
const logger = createLogger({ level: 'warn', destination: process.stderr });
const app = await startNetPilot(config, { logger, port: 0 });
process.stdout.write(`emulator ${app.backend.emulatorUrl ?? ''}\n`);
process.stdout.write(`resumed ${app.store.operations.listRunning().length}\n`);
if (env.NP_APPROVE) {
  const request = await approveRequest(app.approvals, env.NP_APPROVE, testThread(connectorUrl, 'en'));
  process.stdout.write(`approved ${request.id}\n`);
}
process.stdout.write('ready\n');
await app.approvals.drain();
await app.watcher.idle();
process.stdout.write('idle\n');
