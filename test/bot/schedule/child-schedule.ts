// NetPilot as `npm start` composes it, in a child process, with a clock that starts at NP_NOW (ms
// since the epoch) and runs on from there. With NP_SCHEDULE=<cluster> it creates a request whose
// thread is the parent's local connector and approves it to start NP_IN_MINUTES later (a picked
// time). Prints `scheduled <id>` and `ready`; keeps running (scheduler and watcher) until killed.
import { createLogger } from '../../../bot/logger.ts';
import { startNetPilot } from '../../../bot/start.ts';
import { loadConfig } from '../../../services/config.ts';
import { clusterRef, testThread } from '../progress/stack.ts';

const env = process.env;
if (!env.NETPILOT_DATA_DIR || !env.NP_CONNECTOR_URL || !env.NETPILOT_EMULATOR_URL || !env.NP_NOW) {
  process.stderr.write('child-schedule: NETPILOT_DATA_DIR, NP_CONNECTOR_URL, NETPILOT_EMULATOR_URL and NP_NOW are required\n');
  process.exit(2);
}
const base = Number(env.NP_NOW);
const born = Date.now();
const clock = { now: () => new Date(base + (Date.now() - born)) };
const config = loadConfig({ NETPILOT_DATA_DIR: env.NETPILOT_DATA_DIR, NETPILOT_EMULATOR_URL: env.NETPILOT_EMULATOR_URL,
  NETPILOT_PLAYGROUND: '0', NETPILOT_POLL_SECONDS: '1', LOG_LEVEL: 'warn' });
const logger = createLogger({ level: 'warn', destination: process.stderr });
const app = await startNetPilot(config, { logger, port: 0, clock });
if (env.NP_SCHEDULE) {
  const name = env.NP_SCHEDULE;
  const created = await app.approvals.createRequest({ cluster: clusterRef(name), target: 'cilium', requester: { id: 'u-req', name: 'Req' },
    thread: testThread(env.NP_CONNECTOR_URL, 'en') });
  if (!created.ok) throw new Error(`create ${name} refused: ${created.reason}`);
  const at = new Date(clock.now().getTime() + Number(env.NP_IN_MINUTES ?? '30') * 60_000).toISOString();
  const approved = await app.approvals.approve(created.request.id, { id: 'u-app', name: 'App' },
    { confirm: name, ack: 'true', start: { kind: 'time', at, timeZone: 'UTC' } });
  if (!approved.ok) throw new Error(`approve ${name} refused: ${approved.reason}`);
  process.stdout.write(`scheduled ${approved.request.id}\n`);
}
process.stdout.write('ready\n');
