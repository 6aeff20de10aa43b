// `npm start`: the composition root. Reads .env and the environment once, starts NetPilot (demo
// mode when no Azure subscription is configured), prints what to open, stops cleanly on Ctrl-C.
import { ConfigError, loadConfig, loadDotEnv, type NetPilotConfig } from '../services/config.ts';
import { messages } from './i18n/index.ts';
import { createLogger } from './logger.ts';
import { playgroundRefusal, startNetPilot } from './start.ts';

async function main(): Promise<number> {
  const env = loadDotEnv('.env');
  let config: NetPilotConfig;
  try {
    config = loadConfig(env, { defaultEmulatorSpeed: 20 });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`netpilot: invalid configuration\n${err.problems.map((p) => `  - ${p}`).join('\n')}\n${err.hint ?? ''}\n`);
    return 2;
  }
  const logger = createLogger({ level: config.logLevel });
  const app = await startNetPilot(config, { logger, env });

  const m = messages('en');
  const lines = [
    '',
    `NetPilot is running (${config.azureMode === 'azure' ? 'Azure' : config.productionRules ? `production rules against the emulator at ${config.emulatorUrl}` : 'demo: emulated Azure'}).`,
    config.bot.appId
      ? `  inbound Bot Framework auth: on (app ${config.bot.appId})`
      : '  inbound Bot Framework auth: OFF (demo): listening on 127.0.0.1 only, reachable from this machine alone',
    `  bot endpoint: ${app.botUrl}/api/messages`,
    app.playground ? `  open the chat: ${app.playground.url}`
      : `  Agents Playground: off (${config.playground ? playgroundRefusal(config) : 'NETPILOT_PLAYGROUND=0'})`,
    '  try:',
    ...m.demoExamples.map((e) => `    ${e}`),
    '  Ctrl-C stops everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'stopping');
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await app.stop();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as { message?: string; hint?: string };
    process.stderr.write(`netpilot: could not start: ${e.message ?? String(err)}${e.hint ? ` (${e.hint})` : ''}\n`);
    process.exitCode = 1;
  },
);
