// `netpilot emulator [--port N] [--fleet FILE] [--speed X]`: runs the Azure emulator alone until
// SIGINT/SIGTERM, writes emulator-ca.pem into NETPILOT_DATA_DIR and prints the URL line to use.
import { resolve as resolvePath } from 'node:path';
import { FleetFileError, startEmulator } from '../emulator/index.ts';
import { UserError } from '../services/cluster/errors.ts';
import { EMULATOR_CA_FILE } from '../services/azure/backend.ts';
import { secureDataDir } from '../services/store/index.ts';
import { cliConfig, fleetUserError, parseCliArgs } from './live.ts';

const USAGE = 'netpilot emulator [--port N] [--fleet FILE] [--speed X]';

function numberFlag(name: string, value: string | undefined, ok: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new UserError('BadUsage', `--${name}: expected ${expected}, got "${value}"`, `usage: ${USAGE}`);
  return n;
}

/** Waits for SIGINT or SIGTERM (or `signal` aborting), whichever comes first. */
function untilStopped(signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(why);
    };
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    signal?.addEventListener('abort', () => done('abort'), { once: true });
  });
}

/** Runs `netpilot emulator`; resolves with 0 after a clean stop. `signal` lets tests stop it. */
export async function emulatorCommand(args: string[], signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    port: { type: 'string' },
    fleet: { type: 'string' },
    speed: { type: 'string' },
  }, USAGE);
  if (positionals.length > 0) throw new UserError('BadUsage', `unexpected argument "${positionals[0]}"`, `usage: ${USAGE}`);
  const portFlag = numberFlag('port', values.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number');
  const speedFlag = numberFlag('speed', values.speed, (n) => n > 0, 'a positive number');
  const config = cliConfig({ defaultEmulatorSpeed: 1 });
  const port = portFlag ?? config.emulatorPort;
  const speed = speedFlag ?? config.emulatorSpeed;
  const fleetFile = values.fleet ? resolvePath(values.fleet) : config.fleetFile;
  let emulator;
  // The data directory is the store's too: create it 0700 before the emulator writes its CA there.
  secureDataDir(config.dataDir, { warn: (obj, msg) => process.stderr.write(`netpilot emulator: ${msg ?? ''} ${JSON.stringify(obj)}\n`) });
  try {
    emulator = await startEmulator({ port, fleetFile, speed, dataDir: config.dataDir });
  } catch (err) {
    if (err instanceof FleetFileError) throw fleetUserError(err);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UserError('PortInUse', `port ${port} is already in use`, 'Pick another --port, or omit it for a free one.');
    }
    throw err;
  }
  process.stdout.write(`NETPILOT_EMULATOR_URL=${emulator.url}\n`);
  process.stderr.write(`netpilot emulator: ${fleetFile ?? 'demo fleet'}, speed ${speed}; CA certificate in ${resolvePath(config.dataDir, EMULATOR_CA_FILE)}; Ctrl+C to stop\n`);
  await untilStopped(signal);
  await emulator.stop();
  return 0;
}
