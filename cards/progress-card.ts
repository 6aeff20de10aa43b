// Migration progress (updated in place) and the final outcome card.
import type { Target } from '../services/cluster/types.ts';
import { firstOf, formatDuration, formatInstant, moreText, targetLabel, textBar, truncate } from './format.ts';
import { cardText, type CardText, type CardTextId } from './strings/index.ts';
import { renderTemplate } from './template.ts';
import type { AdaptiveCard, Instant, Locale } from './types.ts';

/** Progress of one node pool. */
export interface PoolProgress {
  name: string;
  reimaged: number;
  total: number;
  draining: number;
}

/** States a progress card can show. */
export type ProgressState = 'running' | 'succeeded' | 'failed' | 'canceled' | 'unknown';

/** Input of buildProgressCard. */
export interface ProgressCardData {
  clusterName: string;
  target: Target;
  /** Overall percentage, 0-100. */
  percent: number;
  pools: PoolProgress[];
  elapsedSeconds: number;
  estimateSeconds?: number;
  updatedAt: Instant;
  portalUrl: string;
  /** False when progress comes from ARM only (the card says so). */
  kubernetesReadable: boolean;
  /** True before the first poll: `pools` (if any) carry the request's totals at 0 done, and the
   * card says it waits for the first reading. A running card without pools says so too. */
  awaitingFirstReading?: boolean;
  state: ProgressState;
  locale: Locale;
}

/** How a migration ended. */
export type Outcome = 'succeeded' | 'failed' | 'canceled' | 'unknown';

/** Input of buildFinalCard. */
export interface FinalCardData {
  outcome: Outcome;
  clusterName: string;
  durationSeconds: number;
  /** networkProfile fields before/after; null, undefined or '' shows as "(not set)". */
  before: Record<string, string | null | undefined>;
  after: Record<string, string | null | undefined>;
  error?: { code: string; message: string; friendly: string; nextStep?: string };
  nextStep?: string;
  locale: Locale;
}

const MAX_POOLS = 40;
const BAR_WIDTH = 12;

const STATE_LOOK: Record<ProgressState, { color: string; style: string }> = {
  running: { color: 'Accent', style: 'emphasis' },
  succeeded: { color: 'Good', style: 'good' },
  failed: { color: 'Attention', style: 'attention' },
  canceled: { color: 'Warning', style: 'warning' },
  unknown: { color: 'Warning', style: 'warning' },
};

function stateText(state: ProgressState, percent: number, t: CardText): string {
  const values = { percent };
  if (state === 'succeeded') return t('progressSucceeded');
  if (state === 'failed') return t('progressFailed', values);
  if (state === 'canceled') return t('progressCanceled', values);
  if (state === 'unknown') return t('progressUnknown', values);
  return t('progressRunning', values);
}

/** `▓▓▓░░░ 3/6`: a text bar for `done` of `total`. */
export function poolBar(done: number, total: number, width = BAR_WIDTH): string {
  return `${textBar(done, total, width)} ${done}/${total}`;
}

/** Builds the progress card: overall percentage, a bar per pool, times and a portal link. The pools
 * section is never empty: a running card without pools (or awaiting its first reading) says it waits
 * for the first reading; an ended card without pools leaves the section out. */
export function buildProgressCard(data: ProgressCardData): AdaptiveCard {
  const t = cardText(data.locale);
  const percent = Math.max(0, Math.min(100, Math.round(data.percent)));
  const look = STATE_LOOK[data.state];
  const { shown, more } = firstOf(data.pools, MAX_POOLS);
  const facts = [
    { title: t('progressElapsed'), value: formatDuration(data.elapsedSeconds, data.locale) },
    ...(data.estimateSeconds !== undefined ? [{ title: t('progressEstimate'), value: formatDuration(data.estimateSeconds, data.locale) }] : []),
    { title: t('progressUpdated'), value: formatInstant(data.updatedAt) },
  ];
  return renderTemplate('progress', {
    title: t('progressTitle', { cluster: data.clusterName, target: targetLabel(data.target, t) }),
    stateText: stateText(data.state, percent, t),
    color: look.color,
    style: look.style,
    overallBar: `${textBar(percent, 100, 20)} ${percent}%`,
    showPools: data.pools.length > 0 || data.state === 'running',
    poolsTitle: t('progressPools'),
    waiting: data.state === 'running' && (data.awaitingFirstReading === true || data.pools.length === 0) ? t('progressWaiting') : '',
    pools: shown.map((p) => ({
      name: p.name,
      bar: poolBar(p.reimaged, p.total),
      draining: p.draining > 0 ? t('progressDraining', { count: p.draining }) : '',
    })),
    poolsMore: moreText(more, t),
    facts,
    armOnly: data.kubernetesReadable ? '' : t('progressArmOnly'),
    portalUrl: /^https:\/\//.test(data.portalUrl) ? data.portalUrl : '',
    portalTitle: t('openPortal'),
  });
}

const OUTCOME_LOOK: Record<Outcome, { title: CardTextId; color: string; style: string }> = {
  succeeded: { title: 'finalSucceeded', color: 'Good', style: 'good' },
  failed: { title: 'finalFailed', color: 'Attention', style: 'attention' },
  canceled: { title: 'finalCanceled', color: 'Warning', style: 'warning' },
  unknown: { title: 'finalUnknown', color: 'Warning', style: 'warning' },
};

function factRows(values: Record<string, string | null | undefined>, t: CardText) {
  return Object.entries(values).map(([title, value]) => ({
    title,
    value: value === null || value === undefined || value === '' ? t('notSet') : String(value),
  }));
}

/** Builds the final card; its visible text contains `succeeded`/`failed`/`canceled` (ja: and 成功/失敗). */
export function buildFinalCard(data: FinalCardData): AdaptiveCard {
  const t = cardText(data.locale);
  const look = OUTCOME_LOOK[data.outcome];
  const next = data.nextStep ?? data.error?.nextStep;
  return renderTemplate('final', {
    title: t(look.title, { cluster: data.clusterName }),
    color: look.color,
    style: look.style,
    duration: t('finalDuration', { duration: formatDuration(data.durationSeconds, data.locale) }),
    friendly: data.error ? truncate(data.error.friendly, 500, t) : '',
    errorText: !data.error ? '' : data.error.message
      ? t('finalError', { code: data.error.code, message: truncate(data.error.message, 800, t) })
      : t('finalErrorCode', { code: data.error.code }),
    nextStep: next ? t('finalNextStep', { text: truncate(next, 500, t) }) : '',
    beforeTitle: t('finalBefore'),
    afterTitle: t('finalAfter'),
    before: factRows(data.before, t),
    after: factRows(data.after, t),
  });
}
