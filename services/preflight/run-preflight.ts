// The preflight engine: runs every applicable check of the registry over one snapshot and builds
// the report of spec/interfaces.md §7. Pure and synchronous; fails closed. A cluster already at the
// target gets only the checks that tell whether its migration finished (and guard finishing it).
import type { ClusterSnapshot, Target } from '../cluster/types.ts';
import { planMigration } from '../migration/plan.ts';
import { resolvePodCidr, suggestPodCidr } from './pod-cidr.ts';
import { msg, type Message, type MessageId } from './messages.ts';
import { CHECKS } from './registry.ts';
import type {
  CheckContext, CheckDefinition, CheckOutcome, Finding, PreflightOptions, PreflightReport, Severity, Verdict,
} from './types.ts';

/** Pod CIDR checks: when one of them fails, the report carries a suggestion. */
const POD_CIDR_CHECKS = [
  'overlay-pod-cidr-missing', 'overlay-pod-cidr-invalid', 'overlay-pod-cidr-reserved',
  'overlay-pod-cidr-overlap', 'overlay-pod-cidr-capacity', 'overlay-pod-cidr-public',
];

const SEVERITY_ORDER: Record<Severity, number> = { blocker: 0, warning: 1, info: 2 };

/** True when the cluster's network profile is already at `target` (then only the finishing checks run). */
export function alreadyAtTarget(snapshot: ClusterSnapshot, target: Target): boolean {
  return target === 'overlay' ? snapshot.derived.mode === 'overlay' : snapshot.derived.dataplane === 'cilium';
}

function evaluateSafely(check: CheckDefinition, snapshot: ClusterSnapshot, ctx: CheckContext): CheckOutcome {
  try {
    return check.evaluate(snapshot, ctx);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      status: 'unverified',
      missing: msg('check-error.missing', { error: message, needs: check.needs.length > 0 ? [...check.needs] : ['pod CIDR'] }),
      hint: msg('check-error.hint'),
    };
  }
}

type CheckHead = Pick<CheckDefinition, 'id' | 'severity' | 'docsUrl'>;

/** The per-check text `<id>.<part>` (catalogue keys exist for every registered check; a test checks it). */
function checkText(check: CheckHead, part: 'name' | 'title' | 'fix'): Message {
  return { id: `${check.id}.${part}` as MessageId, params: {} };
}

/** The finding of one check outcome (undefined for pass / not applicable); unverified outcomes are blockers. */
export function toFinding(check: CheckHead, outcome: CheckOutcome): Finding | undefined {
  if (outcome.status === 'fail') {
    return {
      check: check.id, severity: check.severity, title: checkText(check, 'title'), detail: outcome.detail,
      remediation: outcome.remediation ?? checkText(check, 'fix'), messageId: outcome.detail.id,
      params: outcome.detail.params, unverified: false, docsUrl: check.docsUrl,
    };
  }
  if (outcome.status === 'unverified') {
    const detail = msg('unverified.detail', { missing: outcome.missing });
    return {
      check: check.id, severity: 'blocker', title: msg('unverified.title', { check: checkText(check, 'name') }), detail,
      remediation: msg('unverified.fix', { hint: outcome.hint }), messageId: detail.id, params: detail.params,
      unverified: true, docsUrl: check.docsUrl,
    };
  }
  return undefined;
}

/** Sorts findings by severity, then catalogue order. */
function sortFindings(findings: Finding[], checks: readonly CheckDefinition[]): void {
  const order = new Map(checks.map((ch, i) => [ch.id, i]));
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (order.get(a.check) ?? 0) - (order.get(b.check) ?? 0));
}

type ReportHeader = Pick<PreflightReport, 'target' | 'cluster'>;

/** The three lists of a report and the function that files one check's outcome into them. */
function outcomes(): { findings: Finding[]; passed: string[]; notApplicable: string[]; record: (check: CheckDefinition, outcome: CheckOutcome) => void } {
  const findings: Finding[] = [];
  const passed: string[] = [];
  const notApplicable: string[] = [];
  const record = (check: CheckDefinition, outcome: CheckOutcome): void => {
    const finding = toFinding(check, outcome);
    if (finding) findings.push(finding);
    else if (outcome.status === 'pass') passed.push(check.id);
    else notApplicable.push(check.id);
  };
  return { findings, passed, notApplicable, record };
}

/**
 * A cluster whose network profile is already at the target: the `decides` checks tell whether the
 * migration finished (`not-needed`). When one did not pass, the `guards` checks run too and the
 * verdict is `incomplete` (the same update again finishes it) or `blocked` (a blocker, including
 * data that could not be read: never `not-needed` on a guess).
 */
function atTargetReport(checks: readonly CheckDefinition[], snapshot: ClusterSnapshot, target: Target, header: ReportHeader,
  given: string | undefined): PreflightReport {
  const applicable = checks.filter((check) => check.target === 'both' || check.target === target);
  // A given pod CIDR is not used here (finishing sends the cluster's own); the checks may say so.
  const ctx: CheckContext = { target, podCidr: given, podCidrGiven: given !== undefined, podCidrUse: { kind: 'not-used' }, atTarget: true };
  const { findings, passed, notApplicable, record } = outcomes();
  for (const check of applicable.filter((ch) => ch.atTarget === 'decides')) record(check, evaluateSafely(check, snapshot, ctx));
  if (findings.length === 0) {
    return { ...header, podCidr: null, verdict: 'not-needed', findings: [], passed, notApplicable, plan: null };
  }
  for (const check of applicable.filter((ch) => ch.atTarget === 'guards')) record(check, evaluateSafely(check, snapshot, ctx));
  sortFindings(findings, checks);
  const plan = planMigration(snapshot, target);
  const podCidr = plan.networkProfile.podCidr;
  return {
    ...header,
    podCidr: typeof podCidr === 'string' ? podCidr : null,
    verdict: findings.some((f) => f.severity === 'blocker') ? 'blocked' : 'incomplete',
    findings,
    passed,
    notApplicable,
    plan,
  };
}

/** The cluster as a report names it: identity, current network shape, Kubernetes version, eTag. */
export function reportCluster(snapshot: ClusterSnapshot): ReportHeader['cluster'] {
  const c = snapshot.cluster;
  return {
    name: c.name,
    resourceGroup: c.resourceGroup,
    subscriptionId: c.subscriptionId,
    id: c.id,
    mode: snapshot.derived.mode,
    dataplane: snapshot.derived.dataplane,
    networkPolicy: snapshot.derived.networkPolicy,
    kubernetesVersion: snapshot.derived.kubernetesVersion ?? null,
    eTag: c.eTag ?? null,
  };
}

/** Runs the preflight of `snapshot` for `target`; never passes what it could not verify. */
export function runPreflight(snapshot: ClusterSnapshot, target: Target, options: PreflightOptions = {}): PreflightReport {
  return runChecks(CHECKS, snapshot, target, options);
}

/** `runPreflight` over an explicit check list (tests inject failing checks through it). */
export function runChecks(
  checks: readonly CheckDefinition[], snapshot: ClusterSnapshot, target: Target, options: PreflightOptions = {},
): PreflightReport {
  const header: ReportHeader = { target, cluster: reportCluster(snapshot) };
  const given = options.podCidr?.trim() ? options.podCidr.trim() : undefined;
  if (alreadyAtTarget(snapshot, target)) return atTargetReport(checks, snapshot, target, header, given);

  const podCidrUse = resolvePodCidr(snapshot, target, given);
  const suggested = suggestPodCidr(snapshot, target);
  const podCidr = podCidrUse.kind === 'valid' || podCidrUse.kind === 'invalid' ? podCidrUse.cidr : null;
  const ctx: CheckContext = {
    target,
    podCidr: podCidr ?? undefined,
    podCidrGiven: given !== undefined,
    podCidrUse,
    suggestedPodCidr: suggested,
  };

  const applicable = checks.filter((check) => check.target === 'both' || check.target === target);
  const { findings, passed, notApplicable, record } = outcomes();

  for (const check of applicable.filter((ch) => !ch.dependsOnVerdict)) record(check, evaluateSafely(check, snapshot, ctx));
  const verdict: Verdict = findings.some((f) => f.severity === 'blocker') ? 'blocked' : 'ready';
  for (const check of applicable.filter((ch) => ch.dependsOnVerdict)) {
    record(check, evaluateSafely(check, snapshot, { ...ctx, verdictSoFar: verdict }));
  }
  // A verdict-dependent check that could not run is a blocker too.
  const finalVerdict: Verdict = findings.some((f) => f.severity === 'blocker') ? 'blocked' : verdict;

  sortFindings(findings, checks);

  const cidrTrouble = findings.some((f) => POD_CIDR_CHECKS.includes(f.check));
  const report: PreflightReport = {
    ...header,
    podCidr,
    ...(suggested && cidrTrouble ? { suggestedPodCidr: suggested } : {}),
    verdict: finalVerdict,
    findings,
    passed,
    notApplicable,
    // With no pod CIDR given where one is required, the plan shows the suggested one, so the
    // equivalent az command is concrete (the report is blocked until a CIDR is given anyway).
    plan: planMigration(snapshot, target,
      podCidrUse.kind === 'valid' && podCidrUse.given ? podCidrUse.cidr : given ?? (podCidrUse.kind === 'missing' ? suggested : undefined)),
  };
  return report;
}
