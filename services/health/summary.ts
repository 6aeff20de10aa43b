// The health summary after a migration step (pure): nodes all labelled with the target, Ready and
// schedulable; the system pods of the new data plane ready on every Linux node (azure-cns; cilium
// too for Cilium, and kube-proxy gone); pods not running now compared with before the step. Data
// that could not be read makes the verdict `incomplete`, never `healthy` (fail closed).
import type { KubeNode, Target } from '../cluster/types.ts';
import { hasTargetLabels } from '../migration/progress.ts';
import type { PodSnapshot, PodState } from './pods.ts';

/** A node that is not as it should be after the step. */
export interface NodeProblem {
  name: string;
  issues: ('not-labelled' | 'not-ready' | 'unschedulable')[];
}

/** One system DaemonSet of the data plane: its ready pods against the Linux nodes. */
export interface SystemPodCheck {
  app: string;
  ready: number;
  expected: number;
}

/** What the summary found. */
export interface HealthSummary {
  target: Target;
  /** `healthy`: everything checked is fine; `attention`: something is not; `incomplete`: some data could not be read. */
  verdict: 'healthy' | 'attention' | 'incomplete';
  nodes: { total: number; ok: number; problems: NodeProblem[] } | { error: string };
  systemPods: { checks: SystemPodCheck[]; leftover: { app: string; count: number }[] } | { error: string };
  pods: { before?: number; after: number; notRunning: (PodState & { new: boolean })[] } | { error: string };
}

/** DaemonSets that must run on every Linux node after a step to `target`. */
export const SYSTEM_APPS: Record<Target, readonly string[]> = { overlay: ['azure-cns'], cilium: ['cilium', 'azure-cns'] };
/** DaemonSets that must be gone after a step to `target` (Cilium replaces kube-proxy). */
export const REPLACED_APPS: Record<Target, readonly string[]> = { overlay: [], cilium: ['kube-proxy'] };

const isLinux = (n: KubeNode): boolean => (n.labels['kubernetes.io/os'] ?? 'linux') === 'linux';
const appOf = (p: PodState, app: string): boolean => p.namespace === 'kube-system' && (p.app === app || p.name.startsWith(`${app}-`));
const key = (p: PodState): string => `${p.namespace}/${p.name}`;

/** Summarises the cluster's health after a step to `target`. */
export function summariseHealth(input: {
  target: Target;
  nodes: KubeNode[] | { error: string };
  after: PodSnapshot;
  before?: PodSnapshot;
}): HealthSummary {
  const { target } = input;
  let attention = false;
  let incomplete = false;

  let nodes: HealthSummary['nodes'];
  if (Array.isArray(input.nodes)) {
    const problems = input.nodes.map((n): NodeProblem => ({ name: n.name, issues: [
      ...(hasTargetLabels(n, target) ? [] : ['not-labelled' as const]),
      ...(n.ready ? [] : ['not-ready' as const]),
      ...(n.unschedulable ? ['unschedulable' as const] : []),
    ] })).filter((p) => p.issues.length > 0);
    nodes = { total: input.nodes.length, ok: input.nodes.length - problems.length, problems };
    if (problems.length > 0 || input.nodes.length === 0) attention = true;
  } else {
    nodes = { error: input.nodes.error };
    incomplete = true;
  }

  let systemPods: HealthSummary['systemPods'];
  let pods: HealthSummary['pods'];
  if ('pods' in input.after) {
    const after = input.after.pods;
    if (Array.isArray(input.nodes)) {
      const linux = input.nodes.filter(isLinux).length;
      const checks = SYSTEM_APPS[target].map((app) => ({ app, expected: linux, ready: after.filter((p) => appOf(p, app) && p.ready).length }));
      const leftover = REPLACED_APPS[target].map((app) => ({ app, count: after.filter((p) => appOf(p, app)).length })).filter((l) => l.count > 0);
      systemPods = { checks, leftover };
      if (checks.some((c) => c.ready < c.expected) || leftover.length > 0) attention = true;
    } else {
      systemPods = { error: input.nodes.error };
    }
    const failingBefore = input.before && 'pods' in input.before ? new Set(input.before.pods.filter((p) => !p.healthy).map(key)) : undefined;
    const notRunning = after.filter((p) => !p.healthy).map((p) => ({ ...p, new: failingBefore ? !failingBefore.has(key(p)) : true }));
    pods = { ...(failingBefore ? { before: failingBefore.size } : {}), after: notRunning.length, notRunning };
    if (!failingBefore) incomplete = true;
    if (notRunning.some((p) => p.new)) attention = true;
  } else {
    systemPods = { error: input.after.error };
    pods = { error: input.after.error };
    incomplete = true;
  }
  return { target, verdict: attention ? 'attention' : incomplete ? 'incomplete' : 'healthy', nodes, systemPods, pods };
}
