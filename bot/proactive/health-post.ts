// After every migration step (success or failure), a health summary in the request's thread: nodes
// labelled for the target, Ready and schedulable; the data plane's system pods ready; pods not
// running now compared with the pods read before the PUT (stored with the operation). The summary
// is services/health/summary.ts; this module reads, renders it in the thread's language and posts it
// once (milestone `health`, claimed before the post).
import type { ConversationReference } from 'botbuilder';
import type { NodeReader } from '../../services/migration/node-reader.ts';
import type { MigrationOutcome, OperationInfo } from '../../services/migration/types.ts';
import { podSnapshot, type PodReader } from '../../services/health/pods.ts';
import { summariseHealth, type HealthSummary } from '../../services/health/summary.ts';
import type { Store } from '../../services/store/types.ts';
import { scheduleText, selectKey } from '../../i18n/schedule.ts';
import type { Locale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { withTeamsRetry } from './teams-retry.ts';

/** Milestone key of the health summary. */
export const HEALTH_KEY = 'health';
/** Pods listed by name at most (the rest are counted). */
const MAX_PODS = 10;

/** What the poster needs. */
export interface HealthPosterDeps {
  store: Store;
  readNodes?: NodeReader;
  readPods?: PodReader;
  adapter: { continueConversationAsync(appId: string, reference: Partial<ConversationReference>, logic: (ctx: { sendActivity(a: unknown): Promise<unknown> }) => Promise<void>): Promise<void> };
  appId: string;
  logger: Logger;
  clock?: () => Date;
}

/** Posts the health summary of a finished step into its thread (once). */
export type HealthPoster = (op: OperationInfo, outcome: MigrationOutcome, reference: Record<string, unknown>, locale: Locale) => Promise<void>;

/** The summary as chat text (markdown lines) in `lang`. */
export function healthText(h: HealthSummary, cluster: string, lang: Locale): string {
  const target = scheduleText(lang, 'target', { target: h.target });
  const lines = [`**${scheduleText(lang, 'health.title', { cluster, target, verdict: h.verdict })}**`];
  if ('error' in h.nodes) lines.push(`- ${scheduleText(lang, 'health.nodes-error', { error: h.nodes.error })}`);
  else {
    lines.push(`- ${scheduleText(lang, 'health.nodes', { ok: h.nodes.ok, total: h.nodes.total, target })}`);
    for (const p of h.nodes.problems.slice(0, MAX_PODS)) {
      const issues = p.issues.map((issue) => scheduleText(lang, 'health.issue', { issue: selectKey(issue) })).join(lang === 'ja' ? '、' : ', ');
      lines.push(`  - ${scheduleText(lang, 'health.node', { name: p.name, issues })}`);
    }
  }
  if ('error' in h.systemPods) lines.push(`- ${scheduleText(lang, 'health.system-error', { error: h.systemPods.error })}`);
  else {
    for (const c of h.systemPods.checks) lines.push(`- ${scheduleText(lang, 'health.system', { app: c.app, ready: c.ready, expected: c.expected })}`);
    for (const l of h.systemPods.leftover) lines.push(`- ${scheduleText(lang, 'health.leftover', { app: l.app, count: l.count })}`);
  }
  if ('error' in h.pods) lines.push(`- ${scheduleText(lang, 'health.pods-error', { error: h.pods.error })}`);
  else {
    lines.push(`- ${h.pods.before === undefined
      ? scheduleText(lang, 'health.pods-no-before', { after: h.pods.after })
      : scheduleText(lang, 'health.pods', { after: h.pods.after, before: h.pods.before })}`);
    for (const p of h.pods.notRunning.slice(0, MAX_PODS)) {
      lines.push(`  - ${scheduleText(lang, 'health.pod', { namespace: p.namespace, name: p.name, node: p.node ?? 'none', reason: p.reason ?? p.phase, isNew: p.new ? 'yes' : 'no' })}`);
    }
    if (h.pods.notRunning.length > MAX_PODS) lines.push(`  - ${scheduleText(lang, 'health.more', { count: h.pods.notRunning.length - MAX_PODS })}`);
  }
  return lines.join('\n');
}

/** Builds the poster the progress notifier calls when a step ended. */
export function createHealthPoster(deps: HealthPosterDeps): HealthPoster {
  const now = deps.clock ?? (() => new Date());
  return async (op, _outcome, reference, locale) => {
    if (op.dryRun) return;
    const { store } = deps;
    const done = store.milestones.get(op.operationId, HEALTH_KEY);
    if (done?.state === 'done') return;
    if (!done && !store.milestones.claim(op.operationId, HEALTH_KEY)) return;
    const where = { clusterId: op.cluster.id, subscriptionId: op.cluster.subscriptionId, resourceGroup: op.cluster.resourceGroup, clusterName: op.cluster.name };
    let nodes: Parameters<typeof summariseHealth>[0]['nodes'];
    try {
      nodes = deps.readNodes ? await deps.readNodes(where) : { error: 'no node reader configured' };
    } catch (err) {
      nodes = { error: err instanceof Error ? err.message : String(err) };
    }
    const after = await podSnapshot(deps.readPods, where, now());
    const before = store.operations.get(op.operationId)?.podsBefore;
    const summary = summariseHealth({ target: op.target, nodes, after, ...(before ? { before } : {}) });
    const text = healthText(summary, op.cluster.name, locale);
    let activityId: string | undefined;
    await withTeamsRetry(() => deps.adapter.continueConversationAsync(deps.appId, reference as Partial<ConversationReference>, async (ctx) => {
      const sent = await ctx.sendActivity({ type: 'message', text, textFormat: 'markdown' }) as { id?: string } | undefined;
      activityId = sent?.id;
    }));
    store.milestones.markDone(op.operationId, HEALTH_KEY, activityId);
    deps.logger.info({ operationId: op.operationId, verdict: summary.verdict }, 'health summary posted');
  };
}
