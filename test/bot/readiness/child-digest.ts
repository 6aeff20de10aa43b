// NetPilot as `npm start` composes it, in a child process for the digest restart test, with its
// clock fixed at NP_NOW: prints `url <bot url>`, then `tick <n>` once the digest scheduler's first
// tick (at start-up) has posted n digests; then keeps running until killed.
import { createLogger } from '../../../bot/logger.ts';
import { startNetPilot } from '../../../bot/start.ts';
import { loadConfig } from '../../../services/config.ts';

const env = process.env;
if (!env.NETPILOT_DATA_DIR || !env.NETPILOT_EMULATOR_URL || !env.NP_NOW) {
  process.stderr.write('child-digest: NETPILOT_DATA_DIR, NETPILOT_EMULATOR_URL and NP_NOW are required\n');
  process.exit(2);
}
const now = new Date(env.NP_NOW);
const config = loadConfig({ NETPILOT_DATA_DIR: env.NETPILOT_DATA_DIR, NETPILOT_EMULATOR_URL: env.NETPILOT_EMULATOR_URL,
  NETPILOT_PLAYGROUND: '0', LOG_LEVEL: 'warn', NETPILOT_DIGEST_DAY: 'mon', NETPILOT_DIGEST_HOUR: '9' });
const logger = createLogger({ level: 'warn', destination: process.stderr });
const app = await startNetPilot(config, { logger, port: 0, clock: { now: () => new Date(now) } });
process.stdout.write(`url ${app.botUrl}\n`);
process.stdout.write(`tick ${await app.digest.tick()}\n`);
