// The migration path planner: from one snapshot and a goal, the ordered steps (each a normal,
// separately approved migration), their state, the blockers each must clear, the estimated
// duration and what changes for workloads. Pure over the snapshot; words are message ids + params
// (the catalogue renders them). The first step not yet done is decided by the real preflight;
// later steps by the preflight over the snapshot as it will be after the earlier steps.
import type { ClusterSnapshot, Target } from '../cluster/types.ts';
import { planMigration } from '../migration/plan.ts';
import { parseKubernetesVersion, reimageEstimate, versionBelow, azTarget } from '../preflight/facts.ts';
import { alreadyAtTarget, runPreflight } from '../preflight/run-preflight.ts';
import type { PreflightReport } from '../preflight/types.ts';
import type { Goal, PathPlan, PlanMessage, PlanOptions, PlanStep, StepBlocker, StepState } from './types.ts';

export { GOALS } from './types.ts';
export type { Goal, PathPlan, PlanMessage, PlanOptions, PlanStep } from './types.ts';

/** Checks whose blockers are about the cluster's state now, not about the step: left out of projected steps. */
const TRANSIENT_CHECKS = new Set(['cluster-provisioning-state', 'migration-incomplete']);

const TERMINAL_STATES = new Set(['succeeded', 'failed', 'canceled']);

/** True while an operation runs on the cluster (a non-terminal provisioningState). */
function operationRunning(snapshot: ClusterSnapshot): boolean {
  const s = (snapshot.cluster.provisioningState ?? '').toLowerCase();
  return s !== '' && !TERMINAL_STATES.has(s);
}

function hasPolicyEngine(snapshot: ClusterSnapshot): boolean {
  return snapshot.derived.networkPolicy === 'azure' || snapshot.derived.networkPolicy === 'calico';
}

/** The targets of the path in order, those the profile already shows first. */
export function pathTargets(snapshot: ClusterSnapshot, goal: Goal): Target[] {
  if (goal === 'overlay') return ['overlay'];
  const mode = snapshot.derived.mode;
  if (mode === 'pod-subnet') return ['cilium'];
  // From node-subnet Azure CNI with NPM/Calico, Cilium first replaces the engine without a gap in
  // enforcement, and Overlay then no longer meets a policy engine (domain notes §1, §3).
  const order: Target[] = mode === 'node-subnet' && hasPolicyEngine(snapshot) ? ['cilium', 'overlay'] : ['overlay', 'cilium'];
  return [...order.filter((t) => alreadyAtTarget(snapshot, t)), ...order.filter((t) => !alreadyAtTarget(snapshot, t))];
}

/** The snapshot as it will be once `target`'s update has finished (network profile and derived facts). */
export function projectAfter(snapshot: ClusterSnapshot, target: Target, podCidr?: string): ClusterSnapshot {
  const np = { ...snapshot.cluster.networkProfile };
  const derived = { ...snapshot.derived };
  if (target === 'overlay') {
    const change = planMigration(snapshot, 'overlay', podCidr).networkProfile;
    np.networkPlugin = 'azure';
    np.networkPluginMode = 'overlay';
    if (typeof change.podCidr === 'string') np.podCidr = change.podCidr;
    if (Array.isArray(change.podCidrs)) np.podCidrs = change.podCidrs;
    derived.mode = 'overlay';
  } else {
    np.networkDataplane = 'cilium';
    np.networkPolicy = 'cilium';
    derived.dataplane = 'cilium';
    derived.networkPolicy = 'cilium';
  }
  return {
    ...snapshot,
    source: `${snapshot.source}+${target}`,
    cluster: { ...snapshot.cluster, networkProfile: np, provisioningState: 'Succeeded' },
    agentPools: snapshot.agentPools.map((p) => ({ ...p, provisioningState: 'Succeeded' })),
    derived,
  };
}

function blockersOf(report: PreflightReport, skip: ReadonlySet<string> = new Set()): StepBlocker[] {
  return report.findings
    .filter((f) => f.severity === 'blocker' && !skip.has(f.check))
    .map((f) => ({ id: f.check, remediation: f.remediation, unverified: f.unverified }));
}

/** What the step changes for workloads, from the snapshot it starts from. */
function effectsOf(before: ClusterSnapshot, target: Target, report: PreflightReport, finishing: boolean): PlanMessage[] {
  const estimate = reimageEstimate(before);
  const effects: PlanMessage[] = [];
  if (finishing) effects.push({ id: 'finishesMigration', params: {} });
  effects.push({ id: 'reimageAllPools', params: { nodes: estimate.nodes, pools: estimate.pools.length, minutes: estimate.minutes } });
  if (target === 'overlay' && !finishing) {
    const mode = before.derived.mode;
    if (mode === 'node-subnet') {
      const cidr = report.plan?.networkProfile.podCidr;
      effects.push(
        { id: 'podIpsFromPodCidr', params: typeof cidr === 'string' ? { podCidr: cidr } : {} },
        { id: 'podsNotRoutableFromVnet', params: {} },
        { id: 'sourceIpBecomesNodeIp', params: {} },
      );
    }
    if (mode === 'kubenet') {
      effects.push({ id: 'routeTableRemoved', params: { routeTables: (before.routeTables ?? []).map((t) => t.name) } });
      if (before.cluster.networkProfile.ipFamilies.some((f) => f.toLowerCase() === 'ipv6')) effects.push({ id: 'ipv6Interrupted', params: {} });
    }
  }
  if (target === 'cilium' && !finishing) {
    if (hasPolicyEngine(before)) effects.push({ id: 'policyEngineReplaced', params: { engine: before.derived.networkPolicy } });
    const policies = before.kubernetes?.networkPolicies;
    if (hasPolicyEngine(before) || (policies?.length ?? 0) > 0 || policies === undefined) {
      effects.push({ id: 'enforcementGap', params: policies ? { policies: policies.length } : {} });
    }
    effects.push({ id: 'kubeProxyRemoved', params: {} });
  }
  return effects;
}

/** Prerequisites of an Overlay step blocked by a policy engine: uninstall it (or go to Cilium first). */
function prerequisitesOf(before: ClusterSnapshot, target: Target, blockers: StepBlocker[], goal: Goal): PlanMessage[] {
  if (target !== 'overlay' || !blockers.some((b) => b.id === 'overlay-network-policy')) return [];
  const engine = before.derived.networkPolicy;
  const version = parseKubernetesVersion(before.cluster.currentKubernetesVersion ?? before.cluster.kubernetesVersion);
  const out: PlanMessage[] = [
    { id: 'removePolicyEngine', params: {
      engine, azCommand: `az aks update ${azTarget(before)} --network-policy none`,
      upgradeKubernetesFirst: !version || versionBelow(version, 1, 30),
    } },
    { id: 'enforcementOffUntilCilium', params: { engine } },
  ];
  if (goal === 'overlay' && before.derived.mode === 'node-subnet') {
    const c = before.cluster;
    out.push({ id: 'ciliumFirstAlternative', params: { command: `netpilot plan ${c.name} -g ${c.resourceGroup} --to cilium` } });
  }
  return out;
}

/** The snapshot with every provisioning state `Succeeded`: judges a step by its nodes, not by the last operation. */
function settled(snapshot: ClusterSnapshot): ClusterSnapshot {
  return {
    ...snapshot,
    cluster: { ...snapshot.cluster, provisioningState: 'Succeeded' },
    agentPools: snapshot.agentPools.map((p) => ({ ...p, provisioningState: 'Succeeded' })),
  };
}

function stepFrom(before: ClusterSnapshot, target: Target, report: PreflightReport, goal: Goal, projected: boolean, running = false): PlanStep {
  const finishing = report.verdict === 'incomplete';
  const blockers = running ? [] : blockersOf(report, projected ? TRANSIENT_CHECKS : new Set());
  const state: StepState = running ? 'running'
    : report.verdict === 'not-needed' ? 'done'
      : blockers.length > 0 ? 'blocked'
        : projected ? 'waiting' : 'ready';
  const step: PlanStep = {
    target,
    state,
    verdict: projected && blockers.length === 0 ? 'ready' : report.verdict,
    finishing,
    projected,
    blockers,
    warnings: report.findings.filter((f) => f.severity === 'warning').map((f) => f.check),
    prerequisites: state === 'done' ? [] : prerequisitesOf(before, target, blockers, goal),
    effects: [],
  };
  if (state === 'done') return step;
  const estimate = reimageEstimate(before);
  return {
    ...step,
    ...(report.plan ? { azCommand: report.plan.azCommand, networkProfile: report.plan.networkProfile } : {}),
    podCidr: target === 'overlay' ? report.podCidr : null,
    ...(report.suggestedPodCidr ? { suggestedPodCidr: report.suggestedPodCidr } : {}),
    estimate: { minutes: estimate.minutes, nodes: estimate.nodes, pools: estimate.pools.length, minutesPerBatch: estimate.minutesPerBatch },
    effects: effectsOf(before, target, report, finishing),
  };
}

/**
 * The ordered steps from the cluster's current network to `goal`. Steps the profile already shows
 * come first: `done` when their preflight says not-needed, `running` while an operation runs on the
 * step that owns it, otherwise `ready` (finishing: verdict incomplete) or `blocked`. The first step
 * not shown is decided by `runPreflight` on the snapshot; later steps by `runPreflight` on the
 * snapshot projected past the earlier steps (`waiting`, or `blocked` by what is known now, checks
 * of the cluster's current state left out).
 */
export function planPath(snapshot: ClusterSnapshot, goal: Goal, options: PlanOptions = {}): PathPlan {
  const given = options.podCidr?.trim() || undefined;
  const targets = pathTargets(snapshot, goal);
  const steps: PlanStep[] = [];
  let current = snapshot;
  let projecting = false;
  let header: PreflightReport['cluster'] | undefined;
  // Steps the profile already shows: the last of them on the full path owns the cluster's last
  // operation (its Failed/Canceled/Updating state); earlier ones are judged by their nodes alone.
  const shown = pathTargets(snapshot, 'cilium').filter((t) => alreadyAtTarget(snapshot, t));
  for (const target of targets) {
    let step: PlanStep;
    if (alreadyAtTarget(snapshot, target)) {
      const last = target === shown[shown.length - 1];
      const report = runPreflight(last ? snapshot : settled(snapshot), target);
      header ??= report.cluster;
      const running = operationRunning(snapshot) && (last || report.verdict !== 'not-needed');
      step = stepFrom(snapshot, target, report, goal, false, running);
    } else {
      const report = runPreflight(current, target, { podCidr: target === 'overlay' ? given : undefined });
      header ??= report.cluster;
      step = stepFrom(current, target, report, goal, projecting);
    }
    if (steps.length > 0) step.after = steps.length;
    steps.push(step);
    if (step.state !== 'done') {
      projecting = true;
      current = projectAfter(current, target, given);
    }
  }
  const notes: PlanMessage[] = [];
  const mode = snapshot.derived.mode;
  if (mode === 'byo') notes.push({ id: 'noPathFromByo', params: {} });
  if (mode === 'pod-subnet') notes.push({ id: 'noOverlayPathFromPodSubnet', params: {} });
  if (goal === 'cilium' && targets[0] === 'cilium' && targets.includes('overlay') && !alreadyAtTarget(snapshot, 'cilium')) {
    notes.push({ id: 'ciliumBeforeOverlay', params: { engine: snapshot.derived.networkPolicy } });
  }
  const suggested = steps.find((s) => s.target === 'overlay' && s.suggestedPodCidr && !given)?.suggestedPodCidr;
  if (suggested) notes.push({ id: 'podCidrSuggested', params: { podCidr: suggested } });
  return {
    cluster: header!,
    goal,
    steps,
    notes,
    estimatedMinutes: steps.reduce((m, s) => m + (s.state === 'done' ? 0 : s.estimate?.minutes ?? 0), 0),
  };
}

/** The first step not done, or undefined when every step is done. */
export function currentStep(plan: PathPlan): PlanStep | undefined {
  return plan.steps.find((s) => s.state !== 'done');
}
