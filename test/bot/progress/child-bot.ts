// The bot's progress stack in a child process (restart test): store in NP_DATA_DIR, an external
// emulator (NETPILOT_EMULATOR_URL + emulator-ca.pem in the data dir), posts to the local connector
// named in the request's thread. Resumes running operations at start; with NP_APPROVE=<cluster> it
// also creates and approves a request. Prints `resumed N`, `approved <id>`, `ready`, and `idle` once
// every watched operation ended (then it keeps running until killed).
import { loadConfig } from '../../../services/config.ts';
import { openBackend } from '../../../services/azure/backend.ts';
import { approveRequest, startProgressStack, testThread } from './stack.ts';

const env = process.env;
const dataDir = env.NP_DATA_DIR;
const connectorUrl = env.NP_CONNECTOR_URL;
if (!dataDir || !connectorUrl || !env.NETPILOT_EMULATOR_URL) {
  process.stderr.write('child-bot: NP_DATA_DIR, NP_CONNECTOR_URL and NETPILOT_EMULATOR_URL are required\n');
  process.exit(2);
}
const config = loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_EMULATOR_URL: env.NETPILOT_EMULATOR_URL, NETPILOT_PLAYGROUND: '0' });
const backend = await openBackend(config, async () => {
  throw new Error('child-bot uses the external emulator only');
});
const stack = startProgressStack({ dataDir, clients: backend.clients, directory: backend.directory, pollMs: 100, coalesceSeconds: 0.3,
  logDestination: process.stderr });
const resumed = stack.watcher.resumeAll();
process.stdout.write(`resumed ${resumed.length}\n`);
if (env.NP_APPROVE) {
  const request = await approveRequest(stack.service, env.NP_APPROVE, testThread(connectorUrl, 'en'));
  process.stdout.write(`approved ${request.id}\n`);
}
process.stdout.write('ready\n');
await stack.watcher.idle();
await stack.notifier.flush();
process.stdout.write('idle\n');
