// Pure rendering of migration progress for Teams: progress card data from a watcher snapshot, the
// final message text and card, pool and channel notices. No I/O.
import { buildFinalCard, buildProgressCard, type ProgressState } from '../../cards/progress-card.ts';
import { formatDuration } from '../../cards/format.ts';
import type { AdaptiveCard } from '../../cards/types.ts';
import type { MigrationOutcome, OperationInfo, PoolProgress, ProgressSnapshot } from '../../services/migration/types.ts';
import { messages, type Locale } from '../i18n/index.ts';

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

/** The displayed networkProfile fields as strings (`-` for absent). */
export function profileFacts(profile: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of PROFILE_FIELDS) {
    const v = profile?.[f];
    out[f] = v === undefined || v === null || v === '' ? '-' : String(v);
  }
  return out;
}

/** A snapshot before the first poll: every pool unknown, nothing done. */
export function emptySnapshot(op: OperationInfo, now: Date): ProgressSnapshot {
  return {
    at: now.toISOString(), percent: 0, pools: [], kubernetesReadable: true, operationStatus: 'InProgress',
    elapsedSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(op.startedAt)) / 1000)),
  };
}

/** The progress card of an operation in a state. */
export function progressCard(cards: ProgressCards, op: OperationInfo, snap: ProgressSnapshot, state: ProgressState, locale: Locale): AdaptiveCard {
  const percent = state === 'succeeded' ? 100 : snap.percent;
  return cards.progress({
    clusterName: op.cluster.name,
    target: op.target,
    percent,
    pools: snap.pools.map((p) => ({
      name: p.name,
      total: p.total,
      reimaged: state === 'succeeded' ? p.total : Math.min(p.reimaged, p.total),
      draining: state === 'running' ? p.draining : 0,
    })),
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
  const next = outcome.nextStep ?? outcome.error?.nextStep;
  const lines = [
    m.progressFinalText(outcome.status, op.cluster.name, op.target, formatDuration(outcome.durationSeconds)),
    ...(outcome.error ? [outcome.error.friendly] : []),
    m.progressProfileChange(profileChangeText(outcome.before, outcome.after)),
    ...(outcome.dryRun ? [m.progressDryRun] : []),
    ...(next ? [m.progressNextStep(next)] : []),
  ];
  const card = cards.final({
    outcome: outcome.status,
    clusterName: op.cluster.name,
    durationSeconds: outcome.durationSeconds,
    before: profileFacts(outcome.before),
    after: profileFacts(outcome.after),
    ...(outcome.error ? { error: { code: outcome.error.code, message: outcome.error.message, friendly: outcome.error.friendly, nextStep: outcome.error.nextStep } } : {}),
    ...(outcome.nextStep ? { nextStep: outcome.nextStep } : {}),
    locale,
  });
  return { text: lines.join('\n\n'), card };
}
