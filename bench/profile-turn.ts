// Profiles chat turns: `npx tsx bench/profile-turn.ts [TEXT] [TURNS] [echo]` starts NetPilot (demo mode,
// in-process emulator, local connector), warms up, then records a V8 CPU profile of TURNS turns of
// TEXT (default `help`, 300) into ./turn.cpuprofile (open it in Chrome DevTools or VS Code).
// With `echo`, the turns go to the bench's bare echo bot instead (the P2 anchor), into ./echo.cpuprofile.
// This is how the `help` turn's cost was found (card template expansion, store write per turn).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { createLogger } from '../bot/logger.ts';
import { startNetPilot } from '../bot/start.ts';
import { loadConfig } from '../services/config.ts';
import { roundTrip } from './bot-round-trip.ts';
import { startConnectorRecorder } from './connector-recorder.ts';
import { startEchoBot } from './echo-bot.ts';

const text = process.argv[2] ?? 'help';
const turns = Number(process.argv[3] ?? 300);
const toEcho = process.argv[4] === 'echo';
const file = toEcho ? 'echo.cpuprofile' : 'turn.cpuprofile';
const dataDir = mkdtempSync(join(tmpdir(), 'netpilot-profile-'));
const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const config = loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_PLAYGROUND: '0' }, { cwd: dataDir, defaultEmulatorSpeed: 20 });
const connector = await startConnectorRecorder();
const app = await startNetPilot(config, { logger, port: 0 });
const echo = await startEchoBot(config);
const botUrl = toEcho ? echo.url : app.botUrl;
const session = new Session();
try {
  for (let i = 0; i < 100; i += 1) await roundTrip(botUrl, connector, text);
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const start = performance.now();
  for (let i = 0; i < turns; i += 1) await roundTrip(botUrl, connector, text);
  const perTurn = (performance.now() - start) / turns;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  process.stdout.write(`${turns} turns of "${text}": ${perTurn.toFixed(2)} ms per turn (profiler on); profile in ${file}\n`);
} finally {
  session.disconnect();
  await echo.stop();
  await app.stop();
  await connector.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
