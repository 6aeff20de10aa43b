// Composition: config -> store -> Azure (or the emulator) -> approval service + migration runner ->
// bot server -> progress watcher -> recovery -> listen -> playground. Recovery (unclaimed approvals,
// interrupted starts, running operations) happens before the server listens, so no approval can
// race it. Used by bot/index.ts (`npm start`) and by tests; returns one `stop` that shuts
// everything down in order (watcher before the store).
import { startEmulator } from '../emulator/index.ts';
import { systemClock, type Clock } from '../services/approval/apply.ts';
import { livePreflight } from '../services/approval/live-preflight.ts';
import { policyFromConfig } from '../services/approval/policy.ts';
import { ApprovalService } from '../services/approval/service.ts';
import { openBackend, type Backend, type BackendOverrides, type EmulatorStarter } from '../services/azure/backend.ts';
import { createDefaultCredential } from '../services/azure/clients.ts';
import { openCoordination } from '../services/leases/coordination.ts';
import type { NetPilotConfig } from '../services/config.ts';
import { createKubeReaders } from '../services/migration/node-reader.ts';
import { MigrationRunner } from '../services/migration/runner.ts';
import { createMaintenanceReader } from '../services/schedule/maintenance-reader.ts';
import { StartScheduler } from '../services/schedule/scheduler.ts';
import { createScheduleNotices } from './approval/schedule-posts.ts';
import { StartOptions as StartChoices } from './approval/start-options.ts';
import { createHealthPoster } from './proactive/health-post.ts';
import { ProgressWatcher } from '../services/migration/watcher.ts';
import { runPreflight as purePreflight } from '../services/preflight/run-preflight.ts';
import { countLeaseTakeover, countingPreflight, observeGauges } from '../services/telemetry/instruments.ts';
import type { TelemetryOverrides } from '../services/telemetry/sdk.ts';
import { openConfiguredStore } from '../services/store/index.ts';
import type { Store } from '../services/store/types.ts';
import { createPendingChoices } from './actions/pending-choices.ts';
import { AccessGate } from './approval/access-gate.ts';
import { ApprovalDesk } from './approval/approval-desk.ts';
import { CARD_KIT } from './card-kit.ts';
import type { Logger } from './logger.ts';
import type { BotServices } from './ports.ts';
import { startPlayground, type Playground } from './playground.ts';
import { createProgressStatus } from './proactive/status.ts';
import { createProgressNotifier } from './proactive/progress-notifier.ts';
import { PlanDesk } from './plans/plan-desk.ts';
import { createBotServer, type BotFrameworkAuthentication, type BotServer } from './server.ts';
import { DigestScheduler } from './readiness/digest-scheduler.ts';
import { createReadinessPort } from './readiness/port.ts';

/** A running NetPilot. */
export interface RunningNetPilot {
  botUrl: string;
  playground?: Playground;
  server: BotServer;
  backend: Backend;
  store: Store;
  approvals: ApprovalService;
  desk: ApprovalDesk;
  runner: MigrationRunner;
  watcher: ProgressWatcher;
  /** The weekly readiness digest's scheduler. */
  digest: DigestScheduler;
  plans: PlanDesk;
  /** Starts scheduled requests when their time comes. */
  scheduler: StartScheduler;
  /** Stops playground, server, watcher, Azure emulator and store; safe to call twice. */
  stop(): Promise<void>;
}

/** Options of startNetPilot beyond the config (tests inject the clock and the emulator). */
export interface StartOptions {
  logger: Logger;
  env?: Record<string, string | undefined>;
  /** Overrides `config.port` (0 = ephemeral, for tests). */
  port?: number;
  cwd?: string;
  /** Time source of approvals, runner and watcher (expiry tests). */
  clock?: Clock;
  /** Starts the in-process emulator (default: emulator/). */
  startEmulator?: EmulatorStarter;
  /** The @azure/identity classes of the real-Azure credential (tests pass fakes). */
  credentialConstructors?: BackendOverrides['credentialConstructors'];
  /** Inbound/outbound Bot Framework auth (default: built from `config.bot`); tests pass a local JWT rig. */
  botFrameworkAuthentication?: BotFrameworkAuthentication;
  /** Telemetry exporter/reader of a test (default: `config.telemetry`). */
  telemetry?: TelemetryOverrides;
}

/** Request states the gauge reports (open ones: terminal states only grow). */
const OPEN_STATES = ['pending', 'approved', 'starting', 'running'] as const;

/** Why the Agents Playground must not start, or undefined in demo mode: it sends no token and runs
 * with the bot's users, so never under production rules nor with inbound auth on. */
export function playgroundRefusal(config: Pick<NetPilotConfig, 'productionRules' | 'bot'>): string | undefined {
  if (config.productionRules) return 'the Agents Playground is not started under production rules (AZURE_SUBSCRIPTION_IDS is set): use Teams';
  if (config.bot.appId) return 'the Agents Playground is not started while inbound auth is on (MicrosoftAppId is set): it sends no token';
  return undefined;
}

/** Starts NetPilot from a validated config; `port` overrides `config.port` (0 = ephemeral, for tests). */
export async function startNetPilot(config: NetPilotConfig, options: StartOptions): Promise<RunningNetPilot> {
  const { logger } = options;
  const cleanups: (() => Promise<void> | void)[] = [];
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (err) {
          logger.warn({ err }, 'shutdown step failed');
        }
      }
    })();
    return stopped;
  };

  try {
    // Telemetry first, so every span and metric of this instance is recorded (off: nothing loads).
    if (config.telemetry.exporter !== 'off' || options.telemetry) {
      const { startTelemetry } = await import('../services/telemetry/sdk.ts');
      const telemetry = await startTelemetry(config.telemetry, { instance: `${process.pid}`, ...options.telemetry });
      cleanups.push(() => telemetry.shutdown());
    }
    const runPreflight = countingPreflight(purePreflight);
    const store = await openConfiguredStore(config, { logger, credentialConstructors: options.credentialConstructors });
    cleanups.push(() => store.close());
    // Shared with the other instances (NETPILOT_STORE=azure): operation leases and choice tokens.
    const coordination = await openCoordination(config.store, { dataDir: config.dataDir, leaseSeconds: config.leaseSeconds,
      credential: () => createDefaultCredential(config.azureEnvironment, config.azureIdentity, options.credentialConstructors) });
    cleanups.push(() => coordination.close());
    const backend = await openBackend(config, options.startEmulator ?? startEmulator, logger, { credentialConstructors: options.credentialConstructors });
    cleanups.push(() => backend.close());
    // Real Azure: one ARM token now, or a clear UserError naming the identity settings (never a bot that cannot read).
    await backend.probeCredential();
    const clock = options.clock ?? systemClock;
    const appId = config.bot.appId ?? '';
    let server: BotServer | undefined;
    let watcher: ProgressWatcher | undefined;
    let desk: ApprovalDesk | undefined;
    const readClient = (sub: string) => backend.clients.containerService(sub);
    const kube = createKubeReaders(readClient, backend.clients.kubeAccess);
    // Reads retry; the PUT goes through the no-retry write client: it is never repeated by the pipeline.
    const runner = new MigrationRunner({
      store, clock, readNodes: kube.readNodes, readPods: kube.readPods,
      containerService: (sub, purpose) => backend.clients.containerService(sub, purpose),
      onStarted: (op) => watcher?.watch(op.id),
      leases: coordination.leases,
      onError: (err, context) => logger.warn({ ...context, err }, 'migration runner problem'),
      onRefused: (request, result) => {
        logger.warn({ requestId: request.id, code: result.code, httpStatus: result.httpStatus }, 'update refused by Azure');
        desk?.onRefused(request, result);
      },
    });
    const approvals = new ApprovalService({
      store, clock, executor: runner, policy: policyFromConfig(config), dryRun: !config.botExecute,
      preflight: livePreflight(backend.directory, runPreflight),
      onBackgroundError: (err, request) =>
        logger.error({ requestId: request.id, err }, 'starting the update failed'),
    });
    desk = new ApprovalDesk({
      service: approvals, cards: CARD_KIT, conversations: () => store.conversations, appId,
      adapter: () => {
        if (!server) throw new Error('the bot server is not built yet');
        return server.adapter;
      },
      directory: backend.directory, runPreflight, logger, approvalChannel: config.approvalChannel,
      startOptions: new StartChoices({ maintenance: createMaintenanceReader(readClient), now: () => clock.now() }),
    });
    const deskReady = desk;
    const readiness = createReadinessPort({ backend, config, digests: () => store.digests, now: () => clock.now(), logger });
    const plans = new PlanDesk({
      store: () => store, services: () => services, appId, logger, clock,
      adapter: () => {
        if (!server) throw new Error('the bot server is not built yet');
        return server.adapter;
      },
    });
    const services: BotServices = {
      directory: backend.directory, runPreflight, conversations: store.conversations, settings: store.settings, cards: CARD_KIT,
      approvals: deskReady, access: new AccessGate(() => approvals.rules), productionRules: config.productionRules,
      allowedTenants: config.allowedTenants, progressStatus: createProgressStatus(store), readiness, plans,
    };
    server = createBotServer({
      config,
      services,
      logger,
      choices: createPendingChoices({ store: coordination.choices }),
      ...(options.botFrameworkAuthentication ? { botFrameworkAuthentication: options.botFrameworkAuthentication } : {}),
      health: () => ({ azure: backend.mode }),
    });
    const bot = server;
    const notifier = createProgressNotifier({ adapter: bot.adapter, appId, store, logger,
      health: createHealthPoster({ store, readNodes: kube.readNodes, readPods: kube.readPods, adapter: bot.adapter, appId, logger, clock: () => clock.now() }) });
    const progress = new ProgressWatcher({
      store, clock, notifier, containerService: readClient, readNodes: kube.readNodes, readPdbs: kube.readBlockingPdbs,
      armEndpoint: backend.clients.endpoint, pollSeconds: config.pollSeconds,
      // The emulator compresses time: a stall is measured in emulated minutes there.
      stallMinutes: config.azureMode === 'emulator-in-process' ? 20 / config.emulatorSpeed : 20,
      onError: (err, context) => logger.warn({ ...context, err }, 'progress watcher problem'),
      leases: coordination.leases,
      onTakeover: (operationId) => {
        countLeaseTakeover();
        logger.info({ operationId }, 'took over a migration whose instance stopped');
      },
      // The one place a migration's end is handed on: a plan's next step is offered in its thread.
      onEnded: (op) => plans.requestEnded(op.requestId),
    });
    watcher = progress;
    const digest = new DigestScheduler({
      digests: () => store.digests, conversations: () => store.conversations, scanner: readiness.scanner,
      adapter: () => bot.adapter, appId, schedule: config.digest, clock: () => clock.now(), logger,
    });
    cleanups.push(async () => {
      await digest.stop();
      await bot.bot.backgroundIdle();
    });
    cleanups.push(observeGauges({
      requestsByState: () => Object.fromEntries(OPEN_STATES.map((st) => [st, store.requests.listByState([st]).length])),
      runningMigrations: () => store.operations.listRunning().length,
    }));
    const notices = createScheduleNotices({ adapter: () => bot.adapter, appId, cards: CARD_KIT, logger, showDecision: (r) => deskReady.showDecision(r) });
    const scheduler = new StartScheduler({
      store, clock, executor: runner, preflight: livePreflight(backend.directory, runPreflight), pollMs: Math.max(1, config.pollSeconds) * 1000,
      onStarting: (r) => notices.onStarting(r), onNotStarted: (r, reason, pre) => notices.onNotStarted(r, reason, pre),
      onError: (err, context) => logger.warn({ ...context, err }, 'start scheduler problem'),
    });
    cleanups.push(async () => {
      await scheduler.stop();
      await approvals.drain();
      await deskReady.idle();
      await progress.stop();
      await plans.idle();
      await notifier.flush();
    });
    // Before anyone can approve: approved requests never started, starts interrupted around the
    // PUT, then every running operation.
    const recovered = await runner.recover();
    const resumed = progress.resumeAll();
    // Plans whose step ended while NetPilot was down: offer their next step now (from stored state).
    await plans.recover().catch((err: unknown) => logger.warn({ err }, 'plan recovery failed'));
    // Scheduled starts that came due while NetPilot was down, then every later one as it comes.
    await scheduler.runDue();
    scheduler.start();
    if (recovered.length > 0 || resumed.length > 0) logger.info({ recovered: recovered.length, resumed: resumed.length }, 'resumed migrations');
    // Several instances: migrations of an instance that died are taken over when their lease expires.
    if (coordination.kind === 'azure') progress.startTakeover();
    // Auth off (demo) is reachable from this machine alone; only authenticated Azure mode listens on all interfaces.
    const host = config.bot.appId && config.azureMode === 'azure' ? '0.0.0.0' : '127.0.0.1';
    const { url, port } = await bot.listen(options.port ?? config.port, host);
    cleanups.push(() => bot.close());
    // After listening (its posts need nothing of the server but the adapter): a digest due while
    // NetPilot was down is posted now, once.
    digest.start();
    logger.info({ url, azure: backend.mode, auth: config.bot.appId ? 'on' : 'off' }, 'bot listening');

    let playground: Playground | undefined;
    const refusal = config.playground ? playgroundRefusal(config) : undefined;
    if (refusal) logger.warn({ playground: 'off' }, refusal);
    else if (config.playground) {
      playground = await startPlayground({
        botEndpoint: `http://127.0.0.1:${port}/api/messages`,
        port: 56150,
        cwd: options.cwd,
        env: options.env,
        dataDir: config.dataDir,
        logger,
      });
      const pg = playground;
      cleanups.push(() => pg.stop());
    }
    return { botUrl: url, playground, server: bot, backend, store, approvals, desk: deskReady, runner, watcher: progress, digest, plans, scheduler, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
