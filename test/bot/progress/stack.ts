// The progress stack as the bot composes it, for tests: SQLite store, ApprovalService with the live
// preflight, MigrationRunner, ProgressWatcher and the Teams notifier over a real CloudAdapter that
// talks to the local connector. Used in-process and by the child-process script (restart test).
import { makePolicy } from '../../../services/approval/policy.ts';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import type { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../bot/logger.ts';
import { createProgressNotifier, type TeamsProgressNotifier } from '../../../bot/proactive/progress-notifier.ts';
import { threadFromReference, threadInfoToJson } from '../../../bot/proactive/thread.ts';
import type { Locale } from '../../../bot/i18n/index.ts';
import { livePreflight } from '../../../services/approval/live-preflight.ts';
import { ApprovalService } from '../../../services/approval/service.ts';
import type { OperationLeases } from '../../../services/leases/types.ts';
import type { ApprovalRequest, ClusterRef } from '../../../services/approval/types.ts';
import type { AzureClients } from '../../../services/azure/clients.ts';
import type { ClusterDirectory } from '../../../services/azure/cluster-directory.ts';
import { createKubeReaders } from '../../../services/migration/node-reader.ts';
import { MigrationRunner } from '../../../services/migration/runner.ts';
import { ProgressWatcher } from '../../../services/migration/watcher.ts';
import { runPreflight } from '../../../services/preflight/run-preflight.ts';
import { openStore } from '../../../services/store/index.ts';
import type { Store } from '../../../services/store/types.ts';

/** The demo subscription. */
export const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';
/** The bot as the connector addresses it. */
export const BOT_ID = '28:netpilot-test';
/** The channel thread requests are made in. */
export const THREAD_ID = '19:general@thread.tacv2;messageid=1700000000000';
/** Tenant of the test conversations. */
export const TENANT = '00000000-0000-0000-0000-00000000aaaa';

/** A demo cluster in rg-demo. */
export function clusterRef(name: string): ClusterRef {
  return { id: `/subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/${name}`,
    subscriptionId: SUB, resourceGroup: 'rg-demo', name };
}

/** A running stack. */
export interface ProgressStack {
  store: Store;
  notifier: TeamsProgressNotifier;
  watcher: ProgressWatcher;
  runner: MigrationRunner;
  service: ApprovalService;
  logger: Logger;
  stop(): Promise<void>;
}

/** A CloudAdapter with auth off (no MicrosoftAppId), as in demo mode. */
export function demoAdapter(): CloudAdapter {
  const settings = { MicrosoftAppType: 'MultiTenant' };
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings, new ConfigurationServiceClientCredentialFactory(settings)));
}

/** Builds the stack over an existing Azure backend (clients + directory). */
export function startProgressStack(opts: {
  dataDir: string;
  clients: AzureClients;
  directory: Pick<ClusterDirectory, 'snapshot'>;
  pollMs: number;
  coalesceSeconds: number;
  logDestination?: Writable;
  /** The notifier's adapter (default: a real CloudAdapter with auth off). */
  adapter?: Pick<CloudAdapter, 'continueConversationAsync'>;
  unknownAfterPolls?: number;
  /** Operation leases (several stacks on one data dir play several instances). */
  leases?: OperationLeases;
}): ProgressStack {
  const logger = createLogger({ level: 'warn', ...(opts.logDestination ? { destination: opts.logDestination } : {}) });
  const store = openStore(opts.dataDir);
  const containerService = (s: string) => opts.clients.containerService(s);
  const kube = createKubeReaders(containerService);
  const notifier = createProgressNotifier({ adapter: opts.adapter ?? demoAdapter(), appId: '', store, logger, coalesceSeconds: opts.coalesceSeconds,
    retry: { baseDelayMs: 50, maxDelayMs: 2000 } });
  const watcher = new ProgressWatcher({ store, containerService, notifier, readNodes: kube.readNodes, readPdbs: kube.readBlockingPdbs,
    armEndpoint: opts.clients.endpoint, pollSeconds: opts.pollMs / 1000, unknownAfterPolls: opts.unknownAfterPolls, leases: opts.leases,
    onError: (err, ctx) => logger.warn({ err: String(err), ...ctx }, 'watcher') });
  // Reads retry, the PUT goes through the no-retry write client (as bot/start.ts wires it).
  const runner = new MigrationRunner({ store, containerService: (s, purpose) => opts.clients.containerService(s, purpose),
    readNodes: kube.readNodes, onStarted: (op) => watcher.watch(op.id) });
  // The emulator is demo mode: anyone but the requester may approve (the default policy fails closed).
  const service = new ApprovalService({ store, preflight: livePreflight(opts.directory, runPreflight), executor: runner,
    policy: makePolicy({ demoMode: true }) });
  return {
    store, notifier, watcher, runner, service, logger,
    async stop() {
      await service.drain();
      await watcher.stop();
      await notifier.flush();
      store.close();
    },
  };
}

/** The thread JSON a request made in the test channel carries. */
export function testThread(serviceUrl: string, locale: Locale = 'en', conversationId = THREAD_ID): Record<string, unknown> {
  return threadInfoToJson(threadFromReference({
    serviceUrl, channelId: 'msteams',
    conversation: { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT, name: 'General' },
    bot: { id: BOT_ID, name: 'NetPilot' },
    user: { id: '29:user-1', name: 'Requester' },
  }, locale, { name: 'General' }));
}

/** Creates and approves a request through ApprovalService (the live preflight runs twice). */
export async function approveRequest(service: ApprovalService, name: string, thread: Record<string, unknown>,
  target: 'overlay' | 'cilium' = 'overlay'): Promise<ApprovalRequest> {
  const created = await service.createRequest({ cluster: clusterRef(name), target, podCidr: target === 'overlay' && name !== 'aks-kubenet' ? '192.168.0.0/16' : undefined,
    requester: { id: 'u-req', name: 'Req' }, thread });
  if (!created.ok) throw new Error(`create ${name} refused: ${created.reason}`);
  const approved = await service.approve(created.request.id, { id: 'u-app', name: 'App' }, { confirm: name, ack: 'true' });
  if (!approved.ok) throw new Error(`approve ${name} refused: ${approved.reason}`);
  return approved.request;
}
