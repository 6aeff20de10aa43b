// The preflight engine: runs every applicable check of the registry over one snapshot and builds
// the report of spec/interfaces.md §7. Pure and synchronous; fails closed.
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

/** True when the cluster is already at `target` (then the report has no checks at all). */
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

/** Runs the preflight of `snapshot` for `target`; never passes what it could not verify. */
export function runPreflight(snapshot: ClusterSnapshot, target: Target, options: PreflightOptions = {}): PreflightReport {
  return runChecks(CHECKS, snapshot, target, options);
}

/** `runPreflight` over an explicit check list (tests inject failing checks through it). */
export function runChecks(
  checks: readonly CheckDefinition[], snapshot: ClusterSnapshot, target: Target, options: PreflightOptions = {},
): PreflightReport {
  const c = snapshot.cluster;
  const header = {
    target,
    cluster: {
      name: c.name,
      resourceGroup: c.resourceGroup,
      subscriptionId: c.subscriptionId,
      id: c.id,
      mode: snapshot.derived.mode,
      dataplane: snapshot.derived.dataplane,
      networkPolicy: snapshot.derived.networkPolicy,
      kubernetesVersion: snapshot.derived.kubernetesVersion ?? null,
      eTag: c.eTag ?? null,
    },
  };
  if (alreadyAtTarget(snapshot, target)) {
    return { ...header, podCidr: null, verdict: 'not-needed', findings: [], passed: [], notApplicable: [], plan: null };
  }

  const given = options.podCidr?.trim() ? options.podCidr.trim() : undefined;
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
  const findings: Finding[] = [];
  const passed: string[] = [];
  const notApplicable: string[] = [];
  const record = (check: CheckDefinition, outcome: CheckOutcome): void => {
    const finding = toFinding(check, outcome);
    if (finding) findings.push(finding);
    else if (outcome.status === 'pass') passed.push(check.id);
    else notApplicable.push(check.id);
  };

  for (const check of applicable.filter((ch) => !ch.dependsOnVerdict)) record(check, evaluateSafely(check, snapshot, ctx));
  const verdict: Verdict = findings.some((f) => f.severity === 'blocker') ? 'blocked' : 'ready';
  for (const check of applicable.filter((ch) => ch.dependsOnVerdict)) {
    record(check, evaluateSafely(check, snapshot, { ...ctx, verdictSoFar: verdict }));
  }
  // A verdict-dependent check that could not run is a blocker too.
  const finalVerdict: Verdict = findings.some((f) => f.severity === 'blocker') ? 'blocked' : verdict;

  const order = new Map(checks.map((ch, i) => [ch.id, i]));
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (order.get(a.check) ?? 0) - (order.get(b.check) ?? 0));

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
