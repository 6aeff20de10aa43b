// The preflight card: one or two reports (one per target) with verdict, findings, plan and az command.
import type { Finding, PreflightReport, Severity, Verdict } from '../services/preflight/types.ts';
import { renderFinding } from '../i18n/render.ts';
import { firstOf, joinSummarised, moreText, profileFacts, targetLabel, truncate } from './format.ts';
import { catalogue, fill, type CardStrings } from './strings/index.ts';
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

const SECTIONS: readonly { severity: Severity; heading: keyof CardStrings; color: string }[] = [
  { severity: 'blocker', heading: 'sectionBlockers', color: 'Attention' },
  { severity: 'warning', heading: 'sectionWarnings', color: 'Warning' },
  { severity: 'info', heading: 'sectionInfo', color: 'Accent' },
];

/** Title/value rows of the cluster facts (mode, data plane, policy, Kubernetes). */
export function clusterFacts(cluster: PreflightReport['cluster'], s: CardStrings): { title: string; value: string }[] {
  return [
    { title: s.factMode, value: cluster.mode },
    { title: s.factDataplane, value: cluster.dataplane },
    { title: s.factPolicy, value: cluster.networkPolicy || s.none },
    { title: s.factKubernetes, value: cluster.kubernetesVersion ?? s.unknown },
  ];
}

function readyCommand(report: PreflightReport, s: CardStrings): string {
  const cluster = report.cluster.name;
  if (report.target === 'cilium') return fill(s.upgradeCommandCilium, { cluster });
  // Finishing an Overlay migration keeps the cluster's pod CIDR: no CIDR to type.
  if (report.podCidr && report.cluster.mode !== 'kubenet' && report.verdict !== 'incomplete') {
    return fill(s.upgradeCommandOverlayCidr, { cluster, cidr: report.podCidr });
  }
  return fill(s.upgradeCommandOverlay, { cluster });
}

function verdictTexts(report: PreflightReport, s: CardStrings): { text: string; hint: string } {
  const target = targetLabel(report.target, s);
  if (report.verdict === 'ready') {
    return { text: fill(s.verdictReady, { target }), hint: fill(s.verdictReadyHint, { command: readyCommand(report, s) }) };
  }
  if (report.verdict === 'blocked') return { text: fill(s.verdictBlocked, { target }), hint: s.verdictBlockedHint };
  if (report.verdict === 'incomplete') {
    return { text: fill(s.verdictIncomplete, { target }), hint: fill(s.verdictIncompleteHint, { command: readyCommand(report, s) }) };
  }
  return { text: fill(s.verdictNotNeeded, { target }), hint: s.verdictNotNeededHint };
}

function findingView(f: Finding, locale: Locale, s: CardStrings, b: Budget) {
  const t = renderFinding(f, locale);
  return {
    title: truncate(t.title, b.title, s),
    check: f.check,
    unverified: f.unverified,
    unverifiedText: s.unverifiedMark,
    detail: truncate(t.detail, b.detail, s),
    remediation: t.remediation ? fill(s.remediation, { text: truncate(t.remediation, b.remediation, s) }) : '',
  };
}

function reportView(report: PreflightReport, index: number, locale: Locale, s: CardStrings, b: Budget) {
  const look = VERDICT_LOOK[report.verdict];
  const verdict = verdictTexts(report, s);
  const sections = SECTIONS.map((sec) => {
    const all = report.findings.filter((f) => f.severity === sec.severity);
    const { shown, more } = firstOf(all, b.perSection);
    return {
      heading: fill(s[sec.heading], { count: all.length }),
      color: sec.color,
      findings: shown.map((f) => findingView(f, locale, s, b)),
      more: moreText(more, s),
      count: all.length,
    };
  }).filter((sec) => sec.count > 0);
  const cidrFacts = [
    ...(report.podCidr ? [{ title: s.factPodCidr, value: report.podCidr }] : []),
    ...(report.suggestedPodCidr ? [{ title: s.factSuggestedPodCidr, value: report.suggestedPodCidr }] : []),
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
    planTitle: s.planTitle,
    planFacts: plan ? profileFacts(plan.networkProfile) : [],
    azTitle: s.azCommandTitle,
    azCommand: plan?.azCommand ?? '',
    hasPassed,
    passedId: `passed-${report.target}-${index}`,
    passedToggle: fill(s.showPassed, { count: report.passed.length }),
    passedTitle: s.passedTitle,
    passedText: report.passed.length > 0 ? joinSummarised(report.passed, b.listed, s) : s.none,
    notApplicableTitle: s.notApplicableTitle,
    notApplicableText: joinSummarised(report.notApplicable, b.listed, s),
  };
}

function subtitle(reports: PreflightReport[], s: CardStrings): string {
  const first = reports[0];
  const targets = reports.map((r) => targetLabel(r.target, s)).join(' + ');
  return fill(s.preflightSubtitle, { resourceGroup: first?.cluster.resourceGroup ?? '', target: targets });
}

/** Builds the preflight card; guarantees a valid card under CARD_SIZE_LIMIT_BYTES for any report size. */
export function buildPreflightCard(data: PreflightCardData): AdaptiveCard {
  const s = catalogue(data.locale);
  if (data.reports.length === 0) throw new Error('buildPreflightCard needs at least one report');
  const first = data.reports[0];
  let card: AdaptiveCard | undefined;
  for (const budget of BUDGETS) {
    card = renderTemplate('preflight', {
      title: fill(s.preflightTitle, { cluster: first.cluster.name }),
      subtitle: subtitle(data.reports, s),
      facts: clusterFacts(first.cluster, s),
      reports: data.reports.map((r, i) => reportView(r, i, data.locale, s, budget)),
    });
    if (Buffer.byteLength(JSON.stringify(card), 'utf8') <= CARD_SIZE_LIMIT_BYTES) return card;
  }
  throw new Error(`preflight card for ${first.cluster.name} exceeds ${CARD_SIZE_LIMIT_BYTES} bytes even when summarised`);
}
