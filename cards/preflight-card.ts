// The preflight card: one or two reports (one per target) with verdict, findings, plan and az command.
import type { Finding, PreflightReport, Severity, Verdict } from '../services/preflight/types.ts';
import { renderFinding } from '../i18n/render.ts';
import { firstOf, joinSummarised, moreText, profileFacts, targetLabel, truncate } from './format.ts';
import { cardText, type CardText, type CardTextId } from './strings/index.ts';
import { renderTemplate } from './template.ts';
import type { AdaptiveCard, Locale } from './types.ts';

/** Input of buildPreflightCard: one report per target, all of the same cluster. */
export interface PreflightCardData {
  reports: PreflightReport[];
  locale: Locale;
}

/** Upper bound of a card's JSON size the builders keep to (Teams takes about 100 KB). */
export const CARD_SIZE_LIMIT_BYTES = 80 * 1024;

interface Budget {
  perSection: number;
  title: number;
  detail: number;
  remediation: number;
  listed: number;
}

// Tried in order until the card fits CARD_SIZE_LIMIT_BYTES.
const BUDGETS: readonly Budget[] = [
  { perSection: 20, title: 200, detail: 700, remediation: 400, listed: 40 },
  { perSection: 10, title: 160, detail: 300, remediation: 200, listed: 20 },
  { perSection: 5, title: 120, detail: 120, remediation: 100, listed: 10 },
];

const VERDICT_LOOK: Record<Verdict, { color: string; style: string }> = {
  ready: { color: 'Good', style: 'good' },
  blocked: { color: 'Attention', style: 'attention' },
  'not-needed': { color: 'Accent', style: 'accent' },
  incomplete: { color: 'Warning', style: 'warning' },
};

const SECTIONS: readonly { severity: Severity; heading: CardTextId; color: string }[] = [
  { severity: 'blocker', heading: 'sectionBlockers', color: 'Attention' },
  { severity: 'warning', heading: 'sectionWarnings', color: 'Warning' },
  { severity: 'info', heading: 'sectionInfo', color: 'Accent' },
];

/** Title/value rows of the cluster facts (mode, data plane, policy, Kubernetes). */
export function clusterFacts(cluster: PreflightReport['cluster'], t: CardText): { title: string; value: string }[] {
  return [
    { title: t('factMode'), value: cluster.mode },
    { title: t('factDataplane'), value: cluster.dataplane },
    { title: t('factPolicy'), value: cluster.networkPolicy || t('none') },
    { title: t('factKubernetes'), value: cluster.kubernetesVersion ?? t('unknown') },
  ];
}

function readyCommand(report: PreflightReport, t: CardText): string {
  const cluster = report.cluster.name;
  if (report.target === 'cilium') return t('upgradeCommandCilium', { cluster });
  // Finishing an Overlay migration keeps the cluster's pod CIDR: no CIDR to type.
  if (report.podCidr && report.cluster.mode !== 'kubenet' && report.verdict !== 'incomplete') {
    return t('upgradeCommandOverlayCidr', { cluster, cidr: report.podCidr });
  }
  return t('upgradeCommandOverlay', { cluster });
}

function verdictTexts(report: PreflightReport, t: CardText): { text: string; hint: string } {
  const target = targetLabel(report.target, t);
  if (report.verdict === 'ready') {
    return { text: t('verdictReady', { target }), hint: t('verdictReadyHint', { command: readyCommand(report, t) }) };
  }
  if (report.verdict === 'blocked') return { text: t('verdictBlocked', { target }), hint: t('verdictBlockedHint') };
  if (report.verdict === 'incomplete') {
    return { text: t('verdictIncomplete', { target }), hint: t('verdictIncompleteHint', { command: readyCommand(report, t) }) };
  }
  return { text: t('verdictNotNeeded', { target }), hint: t('verdictNotNeededHint') };
}

function findingView(f: Finding, locale: Locale, t: CardText, b: Budget) {
  const texts = renderFinding(f, locale);
  return {
    title: truncate(texts.title, b.title, t),
    check: f.check,
    unverified: f.unverified,
    unverifiedText: t('unverifiedMark'),
    detail: truncate(texts.detail, b.detail, t),
    remediation: texts.remediation ? t('remediation', { text: truncate(texts.remediation, b.remediation, t) }) : '',
  };
}

function reportView(report: PreflightReport, index: number, locale: Locale, t: CardText, b: Budget) {
  const look = VERDICT_LOOK[report.verdict];
  const verdict = verdictTexts(report, t);
  const sections = SECTIONS.map((sec) => {
    const all = report.findings.filter((f) => f.severity === sec.severity);
    const { shown, more } = firstOf(all, b.perSection);
    return {
      heading: t(sec.heading, { count: all.length }),
      color: sec.color,
      findings: shown.map((f) => findingView(f, locale, t, b)),
      more: moreText(more, t),
      count: all.length,
    };
  }).filter((sec) => sec.count > 0);
  const cidrFacts = [
    ...(report.podCidr ? [{ title: t('factPodCidr'), value: report.podCidr }] : []),
    ...(report.suggestedPodCidr ? [{ title: t('factSuggestedPodCidr'), value: report.suggestedPodCidr }] : []),
  ];
  const plan = report.plan;
  const hasPassed = report.passed.length + report.notApplicable.length > 0;
  return {
    separator: index > 0,
    verdictText: verdict.text,
    verdictHint: verdict.hint,
    verdictColor: look.color,
    verdictStyle: look.style,
    cidrFacts,
    sections,
    hasPlan: plan !== null,
    planTitle: t('planTitle'),
    planFacts: plan ? profileFacts(plan.networkProfile) : [],
    azTitle: t('azCommandTitle'),
    azCommand: plan?.azCommand ?? '',
    hasPassed,
    passedId: `passed-${report.target}-${index}`,
    passedToggle: t('showPassed', { count: report.passed.length }),
    passedTitle: t('passedTitle'),
    passedText: report.passed.length > 0 ? joinSummarised(report.passed, b.listed, t) : t('none'),
    notApplicableTitle: t('notApplicableTitle'),
    notApplicableText: joinSummarised(report.notApplicable, b.listed, t),
  };
}

function subtitle(reports: PreflightReport[], t: CardText): string {
  const first = reports[0];
  const targets = reports.map((r) => targetLabel(r.target, t)).join(' + ');
  return t('preflightSubtitle', { resourceGroup: first?.cluster.resourceGroup ?? '', target: targets });
}

/** Builds the preflight card; guarantees a valid card under CARD_SIZE_LIMIT_BYTES for any report size. */
export function buildPreflightCard(data: PreflightCardData): AdaptiveCard {
  const t = cardText(data.locale);
  if (data.reports.length === 0) throw new Error('buildPreflightCard needs at least one report');
  const first = data.reports[0];
  let card: AdaptiveCard | undefined;
  for (const budget of BUDGETS) {
    card = renderTemplate('preflight', {
      title: t('preflightTitle', { cluster: first.cluster.name }),
      subtitle: subtitle(data.reports, t),
      facts: clusterFacts(first.cluster, t),
      reports: data.reports.map((r, i) => reportView(r, i, data.locale, t, budget)),
    });
    if (Buffer.byteLength(JSON.stringify(card), 'utf8') <= CARD_SIZE_LIMIT_BYTES) return card;
  }
  throw new Error(`preflight card for ${first.cluster.name} exceeds ${CARD_SIZE_LIMIT_BYTES} bytes even when summarised`);
}
