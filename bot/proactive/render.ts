// Pure rendering of migration progress for Teams: progress card data from a watcher snapshot, the
// final message text and card, pool and channel notices. No I/O.
import { z } from 'zod';
import { buildFinalCard, buildProgressCard, type PoolProgress as CardPool, type ProgressState } from '../../cards/progress-card.ts';
import { formatDuration } from '../../cards/format.ts';
import type { AdaptiveCard } from '../../cards/types.ts';
import type { MigrationOutcome, OperationInfo, PoolProgress, ProgressSnapshot, StallNotice } from '../../services/migration/types.ts';
import { messages, type Locale } from '../i18n/index.ts';
import { outcomeText } from './outcome-text.ts';

/** The card builders the notifier uses (the real ones from cards/ by default). */
export interface ProgressCards {
  progress: typeof buildProgressCard;
  final: typeof buildFinalCard;
}

/** The real cards/ builders. */
export const PROGRESS_CARDS: ProgressCards = { progress: buildProgressCard, final: buildFinalCard };

/** The Azure portal page of a cluster. */
export function portalUrl(clusterId: string): string {
  return `https://portal.azure.com/#@/resource${clusterId}/overview`;
}

/** networkProfile fields a migration is about, in display order. */
export const PROFILE_FIELDS = ['networkPlugin', 'networkPluginMode', 'networkDataplane', 'networkPolicy', 'podCidr'] as const;

/** The displayed networkProfile fields as strings, null for absent (the card shows "(not set)"). */
export function profileValues(profile: Record<string, unknown> | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of PROFILE_FIELDS) {
    const v = profile?.[f];
    out[f] = v === undefined || v === null || v === '' ? null : String(v);
  }
  return out;
}

/** The displayed networkProfile fields as strings (`-` for absent), as the message text shows them. */
export function profileFacts(profile: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(profileValues(profile)).map(([f, v]) => [f, v ?? '-']));
}

const requestPoolsSchema = z.object({ pools: z.array(z.object({ name: z.string(), count: z.number().int().nonnegative() })) });

/** The node pools the request's chat data lists (the approval card's pools), or [] when it has none. */
export function requestPools(op: Pick<OperationInfo, 'thread'>): { name: string; total: number }[] {
  const parsed = requestPoolsSchema.safeParse(op.thread);
  return parsed.success ? parsed.data.pools.map((p) => ({ name: p.name, total: p.count })) : [];
}

/** A snapshot before the first poll: every pool unknown, nothing done. */
export function emptySnapshot(op: OperationInfo, now: Date): ProgressSnapshot {
  return {
    at: now.toISOString(), percent: 0, pools: [], kubernetesReadable: true, operationStatus: 'InProgress',
    elapsedSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(op.startedAt)) / 1000)),
  };
}

/** The card's pool rows before any reading: the request's pools at 0 done while running, all done
 * after a real success, and none once a failed, canceled or dry run ended unread (no counts to show). */
function unreadPools(op: OperationInfo, state: ProgressState): CardPool[] {
  if (state === 'running') return requestPools(op).map((p) => ({ ...p, reimaged: 0, draining: 0 }));
  if (state === 'succeeded' && !op.dryRun) return requestPools(op).map((p) => ({ ...p, reimaged: p.total, draining: 0 }));
  return [];
}

/** The progress card of an operation in a state; before the first reading (a snapshot without pools)
 * it lists the request's pools at 0 done and says it waits for the first reading. */
export function progressCard(cards: ProgressCards, op: OperationInfo, snap: ProgressSnapshot, state: ProgressState, locale: Locale): AdaptiveCard {
  const percent = state === 'succeeded' ? 100 : snap.percent;
  const unread = snap.pools.length === 0;
  return cards.progress({
    clusterName: op.cluster.name,
    target: op.target,
    percent,
    pools: unread ? unreadPools(op, state) : snap.pools.map((p) => ({
      name: p.name,
      total: p.total,
      reimaged: state === 'succeeded' ? p.total : Math.min(p.reimaged, p.total),
      draining: state === 'running' ? p.draining : 0,
    })),
    ...(unread && state === 'running' ? { awaitingFirstReading: true } : {}),
    elapsedSeconds: snap.elapsedSeconds,
    ...(state === 'running' && snap.estimatedRemainingSeconds !== undefined
      ? { estimateSeconds: snap.elapsedSeconds + snap.estimatedRemainingSeconds } : {}),
    updatedAt: snap.at,
    portalUrl: portalUrl(op.cluster.id),
    kubernetesReadable: snap.kubernetesReadable,
    state,
    locale,
  });
}

/** Marks one pool finished in a snapshot (so the card shows it at once). */
export function withPoolFinished(snap: ProgressSnapshot, pool: PoolProgress): ProgressSnapshot {
  const known = snap.pools.some((p) => p.name === pool.name);
  const pools = known ? snap.pools.map((p) => (p.name === pool.name ? { ...pool } : p)) : [...snap.pools, { ...pool }];
  return { ...snap, pools };
}

/** Text of the message posted when a pool finished. */
export function poolFinishedText(op: OperationInfo, pool: PoolProgress, locale: Locale): string {
  return messages(locale).progressPoolDone(pool.name, op.cluster.name, pool.total, pool.total);
}

/** Text of the stall notice: how long nothing moved, the waiting drains and the PDBs that block. */
export function stallText(op: OperationInfo, stall: StallNotice, locale: Locale): string {
  const m = messages(locale);
  const draining = stall.draining.map((d) => `${d.pool} (${d.nodes.join(', ')})`).join('; ');
  const pdbs = !stall.pdbsReadable ? m.progressStalledPdbUnreadable
    : stall.pdbs.length > 0 ? m.progressStalledPdbs(stall.pdbs.join(', ')) : m.progressStalledNoPdb;
  return `${m.progressStalled(op.cluster.name, stall.minutes, draining)}\n\n${pdbs}`;
}

/** `networkPluginMode: - → overlay; podCidr: - → 192.168.0.0/16` (only fields that changed; all when none did). */
export function profileChangeText(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string {
  const b = profileFacts(before);
  const a = profileFacts(after);
  const changed = PROFILE_FIELDS.filter((f) => b[f] !== a[f]);
  const fields = changed.length > 0 ? changed : PROFILE_FIELDS;
  return fields.map((f) => `${f}: ${b[f]} → ${a[f]}`).join('; ');
}

/** The final message: text with the outcome word, duration, before/after and next step, plus the final card. */
export function finalMessage(cards: ProgressCards, op: OperationInfo, outcome: MigrationOutcome, locale: Locale): { text: string; card: AdaptiveCard } {
  const m = messages(locale);
  const { friendly, nextStep } = outcomeText(op, outcome, locale);
  const lines = [
    m.progressFinalText(outcome.status, op.cluster.name, op.target, formatDuration(outcome.durationSeconds, locale)),
    ...(friendly ? [friendly] : []),
    m.progressProfileChange(profileChangeText(outcome.before, outcome.after)),
    ...(outcome.dryRun ? [m.progressDryRun] : []),
    ...(nextStep ? [m.progressNextStep(nextStep)] : []),
  ];
  const card = cards.final({
    outcome: outcome.status,
    clusterName: op.cluster.name,
    durationSeconds: outcome.durationSeconds,
    before: profileValues(outcome.before),
    after: profileValues(outcome.after),
    ...(outcome.error ? { error: { code: outcome.error.code, message: outcome.error.message, friendly: friendly ?? '' } } : {}),
    ...(nextStep ? { nextStep } : {}),
    locale,
  });
  return { text: lines.join('\n\n'), card };
}
