// Profiles chat turns: `npx tsx bench/profile-turn.ts [TEXT] [TURNS]` starts NetPilot (demo mode,
// in-process emulator, local connector), warms up, then records a V8 CPU profile of TURNS turns of
// TEXT (default `help`, 300) into ./turn.cpuprofile (open it in Chrome DevTools or VS Code).
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

const text = process.argv[2] ?? 'help';
const turns = Number(process.argv[3] ?? 300);
const dataDir = mkdtempSync(join(tmpdir(), 'netpilot-profile-'));
const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const config = loadConfig({ NETPILOT_DATA_DIR: dataDir, NETPILOT_PLAYGROUND: '0' }, { cwd: dataDir, defaultEmulatorSpeed: 20 });
const connector = await startConnectorRecorder();
const app = await startNetPilot(config, { logger, port: 0 });
const session = new Session();
try {
  for (let i = 0; i < 100; i += 1) await roundTrip(app.botUrl, connector, text);
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const start = performance.now();
  for (let i = 0; i < turns; i += 1) await roundTrip(app.botUrl, connector, text);
  const perTurn = (performance.now() - start) / turns;
  const { profile } = await session.post('Profiler.stop');
  writeFileSync('turn.cpuprofile', JSON.stringify(profile));
  process.stdout.write(`${turns} turns of "${text}": ${perTurn.toFixed(2)} ms per turn (profiler on); profile in turn.cpuprofile\n`);
} finally {
  session.disconnect();
  await app.stop();
  await connector.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
