// Types of the migration path plan (services/planning/plan-path.ts): steps, states, blockers and
// the message ids the catalogue words (effects on workloads, prerequisites, notes).
import type { Target } from '../cluster/types.ts';
import type { NetworkProfileChange, PreflightReport, Verdict } from '../preflight/types.ts';
import type { Message } from '../preflight/messages.ts';

/** Where the engineer wants the cluster to end: `overlay`, or `cilium` = Overlay + Cilium (Cilium alone where Overlay has no path). */
export type Goal = Target;
/** Every goal, in the CLI's spelling. */
export const GOALS: readonly Goal[] = ['overlay', 'cilium'];

/** State of one step: `waiting` = no known blocker, waits for the step before it. */
export type StepState = 'blocked' | 'ready' | 'waiting' | 'running' | 'done';

/** A blocker a step must clear: the preflight check id and its fix. */
export interface StepBlocker {
  id: string;
  /** The finding's remedy as a structured message (rendered at the edge, e.g. cli/plan.ts). */
  remediation: Message;
  unverified: boolean;
}

/** Ids of the plan's messages (effects on workloads, prerequisites, notes); the catalogue words them. */
export type PlanMessageId =
  /** Every pool is reimaged at once. params: nodes, pools, minutes */
  | 'reimageAllPools'
  /** Pods get IPs from the private pod CIDR instead of the VNet subnet. params: podCidr (may be absent) */
  | 'podIpsFromPodCidr'
  /** Pod IPs are no longer reachable from the VNet, peered VNets or on-premises. */
  | 'podsNotRoutableFromVnet'
  /** Traffic leaving the cluster carries the node IP as source instead of the pod IP. */
  | 'sourceIpBecomesNodeIp'
  /** Pod routes are removed from the route table(s) (AKS-managed one deleted). params: routeTables (names) */
  | 'routeTableRemoved'
  /** Dual-stack: IPv6 traffic breaks until every node is reimaged. */
  | 'ipv6Interrupted'
  /** The policy engine is uninstalled and replaced by Cilium. params: engine */
  | 'policyEngineReplaced'
  /** NetworkPolicies are enforced inconsistently until every node is reimaged. params: policies (count, when read) */
  | 'enforcementGap'
  /** kube-proxy is removed from the nodes. */
  | 'kubeProxyRemoved'
  /** Sends the same update again to finish a failed or partial migration. */
  | 'finishesMigration'
  /** Prerequisite: uninstall the policy engine as its own update. params: engine, azCommand, upgradeKubernetesFirst */
  | 'removePolicyEngine'
  /** Effect of that prerequisite: NetworkPolicies are not enforced until Cilium is enabled. params: engine */
  | 'enforcementOffUntilCilium'
  /** Alternative to removing the engine: enable Cilium first (no enforcement gap), then Overlay. params: command */
  | 'ciliumFirstAlternative'
  /** Note: Cilium goes first because the cluster runs a policy engine Overlay refuses. params: engine */
  | 'ciliumBeforeOverlay'
  /** Note: dynamic pod IP allocation has no path to Overlay; Cilium stays on the pod subnet. */
  | 'noOverlayPathFromPodSubnet'
  /** Note: bring-your-own CNI has no path to Overlay or Cilium. */
  | 'noPathFromByo'
  /** Note: no pod CIDR given; the suggestion passes every pod CIDR check. params: podCidr */
  | 'podCidrSuggested';

/** One message: an id and its parameters (no sentences: the catalogue renders them). */
export interface PlanMessage {
  id: PlanMessageId;
  params: Record<string, string | number | boolean | string[]>;
}

/** One step of the path: a migration to `target` with its own preflight and approval. */
export interface PlanStep {
  target: Target;
  state: StepState;
  /** 1-based number of the step this one comes after (steps 2..n). */
  after?: number;
  /** The preflight verdict of this step (projected for steps after the first not done). */
  verdict: Verdict;
  /** True when the step finishes a failed or partial migration (verdict `incomplete`). */
  finishing: boolean;
  /** True when the blockers come from the snapshot as it will be after the earlier steps. */
  projected: boolean;
  blockers: StepBlocker[];
  /** Warning check ids (acknowledged on approval). */
  warnings: string[];
  /** The update this step sends and its az equivalent; absent on done steps. */
  azCommand?: string;
  networkProfile?: NetworkProfileChange;
  podCidr?: string | null;
  suggestedPodCidr?: string;
  /** Estimated duration from the pool sizes (pools reimaged in parallel, in surge batches). */
  estimate?: { minutes: number; nodes: number; pools: number; minutesPerBatch: number };
  /** What must happen before this step can run (its own update). */
  prerequisites: PlanMessage[];
  /** What changes for workloads. */
  effects: PlanMessage[];
}

/** The whole path for one cluster and goal. */
export interface PathPlan {
  cluster: PreflightReport['cluster'];
  goal: Goal;
  steps: PlanStep[];
  notes: PlanMessage[];
  /** Sum of the estimates of the steps not done. */
  estimatedMinutes: number;
}

/** Options of a plan. */
export interface PlanOptions {
  /** Pod CIDR for the Overlay step (required from node subnet). */
  podCidr?: string;
}
