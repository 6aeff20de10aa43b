// The fleet readiness card: clusters per current mode, verdicts per target, the blockers that stop
// the most clusters with their fix, the clusters ready now, and "show all" listing one page of
// clusters. A fleet too large for one card pages (Action.Execute with an opaque token per page)
// so no card exceeds READINESS_CARD_MAX_BYTES.
import { checkText, readinessText } from '../i18n/readiness.ts';
import { escapeMarkdown } from './format.ts';
import { renderTemplate } from './template.ts';
import { toAttachment, type AdaptiveCard, type Locale } from './types.ts';

type Verdict = 'ready' | 'blocked' | 'incomplete' | 'not-needed';
type Target = 'overlay' | 'cilium';
type ModeBucket = 'kubenet' | 'node-subnet' | 'pod-subnet' | 'overlay' | 'cilium' | 'other';
const MODE_BUCKETS: readonly ModeBucket[] = ['kubenet', 'node-subnet', 'pod-subnet', 'overlay', 'cilium', 'other'];
const TARGETS: readonly Target[] = ['overlay', 'cilium'];

/** One target of one cluster (services/planning/fleet-readiness.ts `TargetReadiness`). */
export interface ReadinessCardTarget {
  verdict: Verdict;
  blockers: string[];
  suggestedPodCidr?: string | null;
  podCidrAssumed?: boolean;
}

/** What the card renders (services/planning/readiness-summary.ts `readinessView`). */
export interface ReadinessCardView {
  summary: {
    total: number;
    modes: Record<ModeBucket, number>;
    verdicts: Record<Target, Record<Verdict, number>>;
    blockers: { check: string; clusters: number; targets: Target[] }[];
    readyNow: Record<Target, string[]>;
  };
  clusters: { label: string; bucket: ModeBucket; targets: Record<Target, ReadinessCardTarget> }[];
  unread: { id: string; partial?: boolean }[];
}

/** Teams refuses messages over ~28 KB; the card (as its attachment JSON) stays under this. */
export const READINESS_CARD_MAX_BYTES = 27 * 1024;
/** The verb of the page buttons; their data is `{ token }` only. */
export const READINESS_PAGE_VERB = 'readinessPage';
/** Clusters per page when they fit (fewer when their rows are long). */
export const READINESS_PAGE_SIZE = 40;

const TOP_BLOCKERS = 5;
const READY_NAMES = 12;
const UNREAD_IDS = 5;
const LIST_ID = 'readiness-all-clusters';

/** Input of buildReadinessCard. */
export interface ReadinessCardData {
  view: ReadinessCardView;
  /** When the scan finished. */
  scannedAt: Date;
  locale: Locale;
  /** Page of the cluster list (0-based) and its size (see fitReadinessPageSize). */
  page?: number;
  pageSize?: number;
  /** Opaque tokens of the neighbouring pages, when there are any. */
  pager?: { previous?: string; next?: string };
  /** Opens the cluster list (a page the user moved to). */
  listVisible?: boolean;
}

/** Size of the card as the attachment Teams receives, in bytes (UTF-8). */
export function cardBytes(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(toAttachment(card)), 'utf8');
}

const names = (labels: readonly string[], max: number, locale: Locale): string => {
  if (labels.length === 0) return readinessText(locale, 'card.ready-none');
  const shown = labels.slice(0, max).map(escapeMarkdown).join(', ');
  return labels.length > max ? `${shown} ${readinessText(locale, 'card.more', { count: labels.length - max })}` : shown;
};

function targetCell(t: ReadinessCardTarget, locale: Locale): string {
  const verdict = readinessText(locale, `verdict.${t.verdict}`);
  const shown = t.podCidrAssumed && t.suggestedPodCidr ? readinessText(locale, 'card.pod-cidr-assumed', { verdict, podCidr: t.suggestedPodCidr }) : verdict;
  return t.blockers.length > 0 ? readinessText(locale, 'card.row-blockers', { verdict: shown, blockers: t.blockers }) : shown;
}

function row(c: ReadinessCardView['clusters'][number], locale: Locale): { name: string; facts: string } {
  return {
    name: escapeMarkdown(c.label),
    facts: readinessText(locale, 'card.row', {
      mode: readinessText(locale, `mode.${c.bucket}`),
      overlayTarget: readinessText(locale, 'target.overlay'),
      overlay: targetCell(c.targets.overlay, locale),
      ciliumTarget: readinessText(locale, 'target.cilium'),
      cilium: targetCell(c.targets.cilium, locale),
    }),
  };
}

function summaryData(view: ReadinessCardView, locale: Locale): Record<string, unknown> {
  const t = (id: Parameters<typeof readinessText>[1], p?: Parameters<typeof readinessText>[2]) => readinessText(locale, id, p);
  const { summary } = view;
  const unread = view.unread.filter((u) => !u.partial);
  const partial = view.unread.filter((u) => u.partial);
  const ids = (list: typeof unread) => names(list.map((u) => u.id.split('/').pop() ?? u.id), UNREAD_IDS, locale);
  return {
    empty: summary.total === 0 ? t('card.empty') : '',
    unread: unread.length > 0 ? t('card.unread', { count: unread.length, ids: ids(unread) }) : '',
    partial: partial.length > 0 ? t('card.partial', { count: partial.length, ids: ids(partial) }) : '',
    hasClusters: summary.total > 0,
    modesTitle: t('card.modes'),
    modes: MODE_BUCKETS.filter((m) => m !== 'other' || summary.modes.other > 0)
      .map((m) => ({ title: t(`mode.${m}`), value: String(summary.modes[m]) })),
    verdictsTitle: t('card.verdicts'),
    verdicts: TARGETS.map((target) => {
      const v = summary.verdicts[target];
      return { title: t(`target.${target}`), value: t('card.verdict-line', { ready: v.ready, blocked: v.blocked, incomplete: v.incomplete, notNeeded: v['not-needed'] }) };
    }),
    blockersTitle: t('card.blockers'),
    noBlockers: summary.total > 0 && summary.blockers.length === 0 ? t('card.no-blockers') : '',
    blockers: summary.blockers.slice(0, TOP_BLOCKERS).map((b) => ({
      line: t('card.blocker-line', { check: b.check, count: b.clusters, targets: b.targets.map((x) => t(`target.${x}`)) }),
      fix: t('card.fix', { fix: checkText(locale, b.check, 'fix') ?? checkText(locale, b.check, 'name') ?? b.check }),
    })),
    readyTitle: t('card.ready-now'),
    ready: TARGETS.map((target) => ({ title: t(`target.${target}`), value: names(summary.readyNow[target], READY_NAMES, locale) })),
  };
}

/** Number of pages of `view` at `pageSize`. */
export function readinessPageCount(view: ReadinessCardView, pageSize: number): number {
  return Math.max(1, Math.ceil(view.clusters.length / Math.max(1, pageSize)));
}

/** Builds the readiness card for one page of the cluster list. */
export function buildReadinessCard(data: ReadinessCardData): AdaptiveCard {
  const { view, locale } = data;
  const { summary } = view;
  const pageSize = Math.max(1, data.pageSize ?? READINESS_PAGE_SIZE);
  const pages = readinessPageCount(view, pageSize);
  const page = Math.min(Math.max(0, data.page ?? 0), pages - 1);
  const shown = view.clusters.slice(page * pageSize, (page + 1) * pageSize);
  const pager: { verb: string; title: string; token: string }[] = [];
  if (data.pager?.previous && page > 0) pager.push({ verb: READINESS_PAGE_VERB, title: readinessText(locale, 'card.previous-page'), token: data.pager.previous });
  if (data.pager?.next && page < pages - 1) pager.push({ verb: READINESS_PAGE_VERB, title: readinessText(locale, 'card.next-page'), token: data.pager.next });
  return renderTemplate('readiness', {
    title: readinessText(locale, 'card.title', { total: summary.total }),
    scannedAt: readinessText(locale, 'card.scanned-at', { at: `${data.scannedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` }),
    ...summaryData(view, locale),
    showAll: readinessText(locale, 'card.show-all'),
    listId: LIST_ID,
    listVisible: data.listVisible ?? false,
    pageText: readinessText(locale, 'card.page', {
      from: shown.length > 0 ? page * pageSize + 1 : 0, to: page * pageSize + shown.length, total: view.clusters.length,
    }),
    rows: shown.map((c) => row(c, locale)),
    pager,
  });
}

/** The largest page size (at most `maxSize` and READINESS_PAGE_SIZE) whose every page fits READINESS_CARD_MAX_BYTES
 * (with both page buttons); 1 when even that does not fit (the card then carries one cluster). */
export function fitReadinessPageSize(view: ReadinessCardView, locale: Locale, scannedAt: Date, maxSize = READINESS_PAGE_SIZE): number {
  const token = 'x'.repeat(36);
  let size = Math.max(1, Math.min(maxSize, READINESS_PAGE_SIZE));
  while (size > 1) {
    const pages = readinessPageCount(view, size);
    let fits = true;
    for (let page = 0; page < pages && fits; page += 1) {
      const card = buildReadinessCard({ view, scannedAt, locale, page, pageSize: size, pager: { previous: token, next: token } });
      fits = cardBytes(card) <= READINESS_CARD_MAX_BYTES;
    }
    if (fits) return size;
    size = Math.floor(size * 0.75);
  }
  return 1;
}
