// What `status [X]` shows, from the store only: every running migration (its current progress card,
// rebuilt from the last snapshot the watcher saved) and the last outcome per cluster.
import type { AdaptiveCard } from '../../cards/types.ts';
import type { ApprovalRequest } from '../../services/approval/types.ts';
import type { OperationInfo, ProgressSnapshot } from '../../services/migration/types.ts';
import type { OperationRecord, Store } from '../../services/store/types.ts';
import { messages, type Locale } from '../i18n/index.ts';
import { PROGRESS_CARDS, emptySnapshot, progressCard, type ProgressCards } from './render.ts';
import { formatInZone, scheduleText } from '../../i18n/schedule.ts';

/** Requests waiting for their scheduled start, as status lines (title first), soonest first. */
function scheduledLines(store: Pick<Store, 'requests'> & Partial<Pick<Store, 'schedules'>>, query: StatusQuery | undefined, locale: Locale): string[] {
  const rows = (store.schedules?.listWaiting() ?? [])
    .map((s) => ({ s, r: store.requests.get(s.requestId) }))
    .filter((x): x is { s: typeof x.s; r: ApprovalRequest } => x.r?.state === 'approved' && matches(query, x.r.cluster))
    .map(({ s, r }) => `- ${scheduleText(locale, 'status.scheduled-row', { cluster: r.cluster.name, target: scheduleText(locale, 'target', { target: r.target }),
      at: formatInZone(s.dueAt, s.timeZone), kind: s.kind, id: r.id })}`);
  return rows.length > 0 ? [`**${scheduleText(locale, 'status.scheduled-title')}**\n${rows.join('\n')}`] : [];
}

/** A cluster as the user named it (name, optionally resource group and subscription). */
export interface StatusQuery {
  name: string;
  resourceGroup?: string;
  subscriptionId?: string;
}

/** The status reply: summary text and, when a migration runs, its progress card. */
export interface StatusReply {
  text: string;
  card?: AdaptiveCard;
}

/** Answers `status [X]`; undefined when nothing was ever requested (the caller says "nothing yet"). */
export interface ProgressStatusPort {
  status(query: StatusQuery | undefined, locale: Locale): StatusReply | undefined;
}

const matches = (q: StatusQuery | undefined, c: { name: string; resourceGroup: string; subscriptionId: string }): boolean =>
  !q || (c.name.toLowerCase() === q.name.toLowerCase()
    && (!q.resourceGroup || c.resourceGroup.toLowerCase() === q.resourceGroup.toLowerCase())
    && (!q.subscriptionId || c.subscriptionId.toLowerCase() === q.subscriptionId.toLowerCase()));

/** The stored snapshot when it has the shape the watcher writes. */
function storedSnapshot(op: OperationRecord): ProgressSnapshot | undefined {
  const p = op.lastProgress;
  if (!p || typeof p.percent !== 'number' || !Array.isArray(p.pools) || typeof p.at !== 'string') return undefined;
  return p as unknown as ProgressSnapshot; // written by ProgressWatcher from a ProgressSnapshot; checked above
}

function infoOf(op: OperationRecord, request: ApprovalRequest | undefined): OperationInfo {
  return {
    operationId: op.id, requestId: op.requestId,
    cluster: request?.cluster ?? { id: op.clusterId, subscriptionId: op.subscriptionId, resourceGroup: op.resourceGroup, name: op.clusterName },
    target: op.target, startedAt: op.startedAt, dryRun: op.dryRun, before: op.before, change: op.change, asyncOperationUrl: op.asyncOperationUrl,
    ...(request?.thread ? { thread: request.thread } : {}),
  };
}

/** The status port over the store (and the card builders). */
export function createProgressStatus(store: Pick<Store, 'operations' | 'requests'> & Partial<Pick<Store, 'schedules'>>, cards: ProgressCards = PROGRESS_CARDS, clock: () => Date = () => new Date()): ProgressStatusPort {
  return {
    status(query, locale) {
      const m = messages(locale);
      const running = store.operations.listRunning()
        .filter((op) => matches(query, { name: op.clusterName, resourceGroup: op.resourceGroup, subscriptionId: op.subscriptionId }))
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
      const ended = store.requests.listByState(['succeeded', 'failed', 'unknown'])
        .filter((r) => r.outcome && matches(query, r.cluster))
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      const lastPerCluster = new Map<string, ApprovalRequest>();
      for (const r of ended) if (!lastPerCluster.has(r.cluster.id.toLowerCase())) lastPerCluster.set(r.cluster.id.toLowerCase(), r);

      const lines: string[] = scheduledLines(store, query, locale);
      let card: AdaptiveCard | undefined;
      for (const op of running) {
        const snap = storedSnapshot(op);
        lines.push(m.statusRunning(op.clusterName, op.target, snap?.percent ?? 0));
        if (!card) {
          const info = infoOf(op, store.requests.get(op.requestId));
          card = progressCard(cards, info, snap ?? emptySnapshot(info, clock()), 'running', locale);
        }
      }
      for (const r of lastPerCluster.values()) {
        if (running.some((op) => op.clusterId.toLowerCase() === r.cluster.id.toLowerCase())) continue;
        lines.push(m.statusLastOutcome(r.cluster.name, r.target, r.outcome!.status, r.updatedAt));
      }
      if (lines.length === 0) return query ? { text: m.statusNoneFor(query.name) } : undefined;
      return { text: lines.join('\n\n'), ...(card ? { card } : {}) };
    },
  };
}
