// Composition: config -> store -> Azure (or the emulator) -> bot server -> playground. Used by
// bot/index.ts (`npm start`) and by tests; returns one `stop` that shuts everything down in order.
import { startEmulator } from '../emulator/index.ts';
import { openBackend, type Backend } from '../services/azure/backend.ts';
import type { NetPilotConfig } from '../services/config.ts';
import { runPreflight } from '../services/preflight/run-preflight.ts';
import { openStore } from '../services/store/index.ts';
import type { Store } from '../services/store/types.ts';
import { CARD_KIT } from './card-kit.ts';
import type { Logger } from './logger.ts';
import { startPlayground, type Playground } from './playground.ts';
import { createBotServer, type BotServer } from './server.ts';

/** A running NetPilot. */
export interface RunningNetPilot {
  botUrl: string;
  playground?: Playground;
  server: BotServer;
  backend: Backend;
  store: Store;
  /** Stops playground, server, Azure emulator and store; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts NetPilot from a validated config; `port` overrides `config.port` (0 = ephemeral, for tests). */
export async function startNetPilot(
  config: NetPilotConfig,
  options: { logger: Logger; env?: Record<string, string | undefined>; port?: number; cwd?: string },
): Promise<RunningNetPilot> {
  const { logger } = options;
  const cleanups: (() => Promise<void> | void)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (err) {
          logger.warn({ err: { message: (err as Error).message } }, 'shutdown step failed');
        }
      }
    })();
    return stopped;
  };

  try {
    const store = openStore(config.dataDir);
    cleanups.push(() => store.close());
    const backend = await openBackend(config, startEmulator, logger);
    cleanups.push(() => backend.close());
    const server = createBotServer({
      config,
      services: { directory: backend.directory, runPreflight, conversations: store.conversations, cards: CARD_KIT },
      logger,
      health: () => ({ azure: backend.mode }),
    });
    const host = config.azureMode === 'azure' ? '0.0.0.0' : '127.0.0.1';
    const { url, port } = await server.listen(options.port ?? config.port, host);
    cleanups.push(() => server.close());
    logger.info({ url, azure: backend.mode, auth: config.bot.appId ? 'on' : 'off' }, 'bot listening');

    let playground: Playground | undefined;
    if (config.playground) {
      if (config.bot.appId) logger.warn('MicrosoftAppId is set: the Agents Playground sends no token, so its messages will get 401');
      playground = await startPlayground({
        botEndpoint: `http://127.0.0.1:${port}/api/messages`,
        port: 56150,
        cwd: options.cwd,
        env: options.env,
        logger,
      });
      const pg = playground;
      cleanups.push(() => pg.stop());
    }
    return { botUrl: url, playground, server, backend, store, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
