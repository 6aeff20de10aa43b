// The preflight report (spec/interfaces.md §7) and the check descriptor (style.md 2).
import type { ClusterSnapshot, DataSource, IpamMode, PolicyEngine, Dataplane, Target } from '../cluster/types.ts';
import type { Message, ParamValue } from './messages.ts';

export type Severity = 'blocker' | 'warning' | 'info';
/** `incomplete`: the network profile is at the target but the last migration failed or did not
 * convert every node; the same update, sent again through approval, finishes it. */
export type Verdict = 'ready' | 'blocked' | 'not-needed' | 'incomplete';

/** Verdicts a migration request may be created and approved for (`incomplete` finishes a migration). */
export const APPROVABLE_VERDICTS: readonly Verdict[] = ['ready', 'incomplete'];

/** True when a report with this verdict may become (and be approved as) a migration request. */
export function isApprovable(verdict: Verdict): boolean {
  return APPROVABLE_VERDICTS.includes(verdict);
}

/**
 * One reported problem or notice; `check` is a stable id from spec/checks.md. Its texts are
 * structured messages (id + parameters) rendered in the reader's language at the edge;
 * `messageId`/`params` repeat the detail's message for the JSON report.
 */
export interface Finding {
  check: string;
  severity: Severity;
  title: Message;
  detail: Message;
  remediation: Message;
  messageId: string;
  params: Readonly<Record<string, ParamValue>>;
  unverified: boolean;
  docsUrl?: string;
}

/** networkProfile fields an update sets (strings, and lists such as `podCidrs`). */
export type NetworkProfileChange = Record<string, string | string[]>;

/** The exact change the update will send, and what a person would type instead. */
export interface MigrationPlan {
  azCommand: string;
  networkProfile: NetworkProfileChange;
}

/** The JSON report of `netpilot preflight --json`, field names fixed by the spec. */
export interface PreflightReport {
  target: Target;
  cluster: {
    name: string;
    resourceGroup: string;
    subscriptionId?: string;
    id?: string;
    mode: IpamMode;
    dataplane: Dataplane;
    networkPolicy: PolicyEngine;
    kubernetesVersion: string | null;
    eTag?: string | null;
  };
  podCidr: string | null;
  suggestedPodCidr?: string;
  verdict: Verdict;
  findings: Finding[];
  passed: string[];
  notApplicable: string[];
  plan: MigrationPlan | null;
}

/** Options of one preflight run. */
export interface PreflightOptions {
  podCidr?: string;
}

/** What a check's `evaluate` may return. */
export type CheckOutcome =
  | { status: 'pass' }
  | { status: 'not-applicable'; reason?: string }
  | { status: 'fail'; detail: Message; remediation?: Message }
  | { status: 'unverified'; missing: Message; hint: Message };

/** Facts shared by all checks of one run, computed once by the engine. */
export interface CheckContext {
  target: Target;
  /** The pod CIDR to be used: the given one, or (kubenet) the kept one; undefined if none. */
  podCidr?: string;
  /** True when `podCidr` came from the user rather than the cluster. */
  podCidrGiven: boolean;
  /** Verdict of the other checks; set only for verdict-dependent checks. */
  verdictSoFar?: Verdict;
  /** True when the cluster's network profile is already at the target (finishing a migration). */
  atTarget?: boolean;
  /** How the pod CIDR resolved for this run (engine-computed; checks fall back to resolving it). */
  podCidrUse?: PodCidrUse;
  /** A pod CIDR that passes every pod CIDR check, when one could be computed. */
  suggestedPodCidr?: string;
}

/** The pod CIDR an Overlay migration would use, resolved once per run. */
export type PodCidrUse =
  /** Source has no Overlay path (pod subnet, BYO CNI) or the target is not Overlay. */
  | { kind: 'not-used' }
  /** Node-subnet source and no pod CIDR given. */
  | { kind: 'missing' }
  /** Kubenet source, none given, and the cluster's own pod CIDR could not be read. */
  | { kind: 'unknown-kept' }
  /** Given (or kept) CIDR is not usable; `problem` says why. */
  | { kind: 'invalid'; cidr: string; given: boolean; problem: Message }
  /** A canonical IPv4 CIDR of prefix <= 24. */
  | { kind: 'valid'; cidr: string; prefix: number; given: boolean };

/**
 * A check: typed descriptor plus a pure evaluation over the snapshot. Its words live in the
 * catalogues under `<id>.name` (what it verifies), `<id>.title` (what is wrong when it fails)
 * and `<id>.fix` (the general remedy).
 */
export interface CheckDefinition {
  id: string;
  severity: Severity;
  target: Target | 'both';
  needs: readonly DataSource[];
  docsUrl: string;
  /** Evaluated after the others, with `ctx.verdictSoFar` set. */
  dependsOnVerdict?: boolean;
  /**
   * Role on a cluster already at the target (`ctx.atTarget`): `decides` = evaluated on every such
   * cluster, a fail or unverified outcome means the migration is not finished; `guards` = also
   * evaluated there when a `decides` check did not pass (it guards the finishing update).
   * Absent = not evaluated at the target.
   */
  atTarget?: 'decides' | 'guards';
  evaluate(snapshot: ClusterSnapshot, ctx: CheckContext): CheckOutcome;
}
