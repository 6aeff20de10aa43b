// The weekly digest message: the fleet this week and what changed since the last digest's record.
import { readinessText } from '../../i18n/readiness.ts';
import { diffReadiness, type ReadinessRecord } from '../../services/planning/readiness-diff.ts';
import type { ModeBucket } from '../../services/planning/readiness-summary.ts';
import type { Locale } from '../i18n/index.ts';

const MAX_ITEMS = 10;

function list(locale: Locale, items: string[]): string {
  const shown = items.slice(0, MAX_ITEMS).join(locale === 'ja' ? '、' : ', ');
  return items.length > MAX_ITEMS ? `${shown} ${readinessText(locale, 'digest.more', { count: items.length - MAX_ITEMS })}` : shown;
}

/** The digest of `current` (the week starting `periodStart`) compared with `previous`, when there is one. */
export function digestText(locale: Locale, periodStart: Date, current: ReadinessRecord, previous: ReadinessRecord | undefined): string {
  const t = (id: Parameters<typeof readinessText>[1], p?: Parameters<typeof readinessText>[2]) => readinessText(locale, id, p);
  const target = (x: 'overlay' | 'cilium') => t(`target.${x}`);
  const mode = (m: ModeBucket) => t(`mode.${m}`);
  const ready = (x: 'overlay' | 'cilium') => current.clusters.filter((c) => c.targets[x].verdict === 'ready').length;
  const lines = [
    t('digest.title', { date: periodStart.toISOString().slice(0, 10) }),
    t('digest.summary', {
      total: current.clusters.length, overlayReady: ready('overlay'), ciliumReady: ready('cilium'),
      blocked: current.clusters.filter((c) => c.targets.overlay.verdict === 'blocked' && c.targets.cilium.verdict === 'blocked').length,
    }),
  ];
  if (current.unread > 0) lines.push(t('digest.unread', { count: current.unread }));
  if (!previous) {
    lines.push(t('digest.first'));
  } else {
    const d = diffReadiness(previous, current);
    const sections: string[] = [];
    if (d.migrated.length > 0) {
      sections.push(t('digest.migrated', { count: d.migrated.length, items: list(locale, d.migrated.map((m) => t('digest.migrated-item', { cluster: m.label, from: mode(m.from), to: mode(m.to) }))) }));
    }
    if (d.newlyReady.length > 0) {
      sections.push(t('digest.newly-ready', { count: d.newlyReady.length, items: list(locale, d.newlyReady.map((r) => t('digest.ready-item', { cluster: r.label, target: target(r.target) }))) }));
    }
    if (d.newBlockers.length > 0) {
      sections.push(t('digest.new-blockers', { count: d.newBlockers.length, items: list(locale, d.newBlockers.map((b) => t('digest.blocker-item', { cluster: b.label, check: b.check, target: target(b.target) }))) }));
    }
    if (d.added.length > 0) sections.push(t('digest.added', { count: d.added.length, items: list(locale, d.added) }));
    if (d.removed.length > 0) sections.push(t('digest.removed', { count: d.removed.length, items: list(locale, d.removed) }));
    lines.push(...(sections.length > 0 ? sections : [t('digest.no-changes')]));
  }
  lines.push(t('digest.hint'));
  return lines.join('\n\n');
}
