// The path planner over the demo fleet (loaded through the snapshot loader) and the preflight
// fixtures: step order, states, blockers, estimate and effects.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFleetFile, parseSnapshot } from '../../../services/cluster/load.ts';
import type { ClusterSnapshot } from '../../../services/cluster/types.ts';
import { reimageEstimate } from '../../../services/preflight/facts.ts';
import { runPreflight } from '../../../services/preflight/run-preflight.ts';
import { currentStep, planPath, projectAfter, type Goal, type PathPlan } from '../../../services/planning/plan-path.ts';
import { renderMessage } from '../../../i18n/render.ts';

const repo = join(import.meta.dirname, '../../..');
let fleet: ClusterSnapshot[];
beforeAll(async () => {
  fleet = await loadFleetFile(join(repo, 'emulator/fleets/demo.json'));
});
const demo = (name: string): ClusterSnapshot => {
  const s = fleet.find((c) => c.cluster.name === name);
  if (!s) throw new Error(`${name} is not in the demo fleet`);
  return s;
};
const fixture = (path: string): ClusterSnapshot =>
  parseSnapshot((JSON.parse(readFileSync(join(repo, 'test/fixtures/preflight', `${path}.json`), 'utf8')) as { snapshot: unknown }).snapshot, path);

/** `target:state[blocker,...]` per step, the plan's shape at a glance. */
const shape = (plan: PathPlan): string[] => plan.steps.map((s) => `${s.target}:${s.state}[${s.blockers.map((b) => b.id).join(',')}]`);

describe('planPath over the demo fleet', () => {
  const table: [string, Goal, string | undefined, string[]][] = [
    ['aks-kubenet', 'cilium', undefined, ['overlay:ready[]', 'cilium:waiting[]']],
    ['aks-kubenet', 'overlay', undefined, ['overlay:ready[]']],
    ['aks-legacy', 'overlay', undefined, ['overlay:blocked[overlay-pod-cidr-missing]']],
    ['aks-legacy', 'overlay', '192.168.0.0/16', ['overlay:ready[]']],
    ['aks-legacy', 'cilium', '192.168.0.0/16', ['overlay:ready[]', 'cilium:blocked[cilium-windows-pools]']],
    ['aks-calico', 'overlay', '192.168.0.0/16', ['overlay:blocked[overlay-network-policy]']],
    ['aks-calico', 'cilium', '192.168.0.0/16', ['cilium:ready[]', 'overlay:waiting[]']],
    ['aks-calico', 'cilium', undefined, ['cilium:ready[]', 'overlay:blocked[overlay-pod-cidr-missing]']],
    ['aks-podsubnet', 'overlay', undefined, ['overlay:blocked[overlay-source-mode]']],
    ['aks-podsubnet', 'cilium', undefined, ['cilium:ready[]']],
    ['aks-ipmasq', 'cilium', '192.168.0.0/16', ['overlay:blocked[overlay-ip-masq-agent-config]', 'cilium:waiting[]']],
    ['aks-overlay', 'overlay', undefined, ['overlay:done[]']],
    ['aks-overlay', 'cilium', undefined, ['overlay:done[]', 'cilium:ready[]']],
    ['aks-cilium', 'cilium', undefined, ['overlay:done[]', 'cilium:done[]']],
    // An operation runs (not at a target): the current step is blocked by it; the later step is
    // judged without the cluster's current state.
    ['aks-busy', 'cilium', '192.168.0.0/16', ['overlay:blocked[cluster-provisioning-state]', 'cilium:waiting[]']],
  ];
  it.each(table)('%s to %s (pod CIDR %s)', (name, goal, podCidr, expected) => {
    const plan = planPath(demo(name), goal, { podCidr });
    expect(shape(plan)).toEqual(expected);
    expect(plan.goal).toBe(goal);
    expect(plan.cluster.name).toBe(name);
    plan.steps.forEach((s, i) => {
      expect(s.after).toBe(i === 0 ? undefined : i);
      if (s.state === 'done') {
        expect(s.azCommand).toBeUndefined();
        expect(s.effects).toEqual([]);
      } else {
        expect(s.azCommand).toMatch(new RegExp(`^az aks update -g rg-demo -n ${name} `));
        expect(s.estimate?.minutes).toBeGreaterThan(0);
        expect(s.effects[0]?.id === 'reimageAllPools' || s.effects[0]?.id === 'finishesMigration').toBe(true);
      }
      for (const b of s.blockers) expect(renderMessage(b.remediation, 'en').length).toBeGreaterThan(10);
    });
  });

  it('the first step not yet done is exactly the preflight of that target', () => {
    for (const snapshot of fleet) {
      for (const goal of ['overlay', 'cilium'] as const) {
        const plan = planPath(snapshot, goal, { podCidr: '192.168.0.0/16' });
        const step = currentStep(plan);
        if (!step) continue;
        const report = runPreflight(snapshot, step.target, { podCidr: step.target === 'overlay' ? '192.168.0.0/16' : undefined });
        const label = `${snapshot.cluster.name} ${goal}`;
        expect(step.projected, label).toBe(false);
        expect(step.blockers.map((b) => b.id), label).toEqual(report.findings.filter((f) => f.severity === 'blocker').map((f) => f.check));
        expect(step.state, label).toBe(report.verdict === 'blocked' ? 'blocked' : 'ready');
        expect(step.azCommand, label).toBe(report.plan?.azCommand);
      }
    }
  });

  it('kubenet -> Overlay -> Cilium: estimate from the pool sizes, route tables removed, then Cilium replaces kube-proxy', () => {
    const plan = planPath(demo('aks-kubenet'), 'cilium');
    const [overlay, cilium] = plan.steps;
    // one pool of 3 nodes, max surge 10% -> 1 node at a time -> 3 batches of 5 minutes
    expect(overlay.estimate).toEqual({ minutes: 15, nodes: 3, pools: 1, minutesPerBatch: 5 });
    expect(reimageEstimate(demo('aks-kubenet')).minutes).toBe(15);
    expect(plan.estimatedMinutes).toBe(30);
    expect(overlay.effects.map((e) => e.id)).toEqual(['reimageAllPools', 'routeTableRemoved']);
    expect(overlay.effects[1].params.routeTables).toEqual(['aks-agentpool-74798960-routetable']);
    expect(overlay.warnings).toContain('overlay-kubenet-route-table');
    expect(overlay.networkProfile).toEqual({ networkPlugin: 'azure', networkPluginMode: 'overlay' });
    expect(cilium).toMatchObject({ state: 'waiting', projected: true, after: 1 });
    expect(cilium.effects.map((e) => e.id)).toEqual(['reimageAllPools', 'kubeProxyRemoved']);
    expect(cilium.azCommand).toContain('--network-dataplane cilium --network-policy cilium');
  });

  it('node subnet -> Overlay: pod IPs, reachability and source IPs change; the pod CIDR is the given one', () => {
    const [overlay] = planPath(demo('aks-legacy'), 'overlay', { podCidr: '192.168.0.0/16' }).steps;
    expect(overlay.effects).toEqual([
      { id: 'reimageAllPools', params: { nodes: 8, pools: 3, minutes: 15 } },
      { id: 'podIpsFromPodCidr', params: { podCidr: '192.168.0.0/16' } },
      { id: 'podsNotRoutableFromVnet', params: {} },
      { id: 'sourceIpBecomesNodeIp', params: {} },
    ]);
    expect(overlay.podCidr).toBe('192.168.0.0/16');
  });

  it('without a pod CIDR the plan suggests one that makes the step ready', () => {
    const plan = planPath(demo('aks-legacy'), 'overlay');
    const suggestion = plan.steps[0].suggestedPodCidr;
    expect(suggestion).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    expect(plan.notes).toEqual([{ id: 'podCidrSuggested', params: { podCidr: suggestion } }]);
    expect(shape(planPath(demo('aks-legacy'), 'overlay', { podCidr: suggestion }))).toEqual(['overlay:ready[]']);
  });

  it('Calico to Overlay: says what must happen first (uninstall after a Kubernetes upgrade, or Cilium first)', () => {
    const [overlay] = planPath(demo('aks-calico'), 'overlay', { podCidr: '192.168.0.0/16' }).steps;
    expect(overlay.prerequisites.map((p) => p.id)).toEqual(['removePolicyEngine', 'enforcementOffUntilCilium', 'ciliumFirstAlternative']);
    expect(overlay.prerequisites[0].params).toMatchObject({ engine: 'calico', upgradeKubernetesFirst: true });
    expect(String(overlay.prerequisites[0].params.azCommand)).toMatch(/--network-policy none$/);
    expect(overlay.prerequisites[2].params.command).toBe('netpilot plan aks-calico -g rg-demo --to cilium');
  });

  it('Calico to Cilium: Cilium first replaces Calico (enforcement gap named), then Overlay', () => {
    const plan = planPath(demo('aks-calico'), 'cilium', { podCidr: '192.168.0.0/16' });
    expect(plan.notes.map((n) => n.id)).toEqual(['ciliumBeforeOverlay']);
    const [cilium, overlay] = plan.steps;
    expect(cilium.effects.map((e) => e.id)).toEqual(['reimageAllPools', 'policyEngineReplaced', 'enforcementGap', 'kubeProxyRemoved']);
    expect(cilium.effects[1].params).toEqual({ engine: 'calico' });
    expect(cilium.effects[2].params.policies).toBeGreaterThan(0);
    expect(cilium.warnings).toContain('cilium-policy-compat');
    expect(overlay.prerequisites).toEqual([]);
  });

  it('pod subnet: Cilium directly, with a note that Overlay has no path', () => {
    const plan = planPath(demo('aks-podsubnet'), 'cilium');
    expect(plan.steps.map((s) => s.target)).toEqual(['cilium']);
    expect(plan.notes.map((n) => n.id)).toEqual(['noOverlayPathFromPodSubnet']);
  });

  it('every step already there: nothing current, zero minutes', () => {
    const plan = planPath(demo('aks-cilium'), 'cilium');
    expect(currentStep(plan)).toBeUndefined();
    expect(plan.estimatedMinutes).toBe(0);
  });

  it('projecting a step never changes the snapshot it starts from', () => {
    const before = JSON.stringify(demo('aks-kubenet'));
    const after = projectAfter(demo('aks-kubenet'), 'overlay');
    expect(after.derived.mode).toBe('overlay');
    expect(after.cluster.networkProfile.networkPluginMode).toBe('overlay');
    expect(JSON.stringify(demo('aks-kubenet'))).toBe(before);
  });
});

describe('planPath over the preflight fixtures', () => {
  const table: [string, Goal, string[], boolean?][] = [
    // Failed / Canceled / partial migrations: the step is `ready` to finish (verdict incomplete)
    ['migration-incomplete/fail.cluster-failed', 'cilium', ['overlay:ready[]', 'cilium:waiting[]'], true],
    ['migration-incomplete/fail.node-unlabelled', 'overlay', ['overlay:ready[]'], true],
    // the Canceled pool belongs to the last step shown (Cilium); Overlay's nodes are all converted
    ['migration-incomplete/fail.cilium-pool-canceled', 'cilium', ['overlay:done[]', 'cilium:ready[]'], true],
    ['migration-incomplete/fail.cilium-pool-canceled', 'overlay', ['overlay:done[]']],
    // nodes unreadable: never done on a guess
    ['migration-incomplete/fail.unverified-nodes-forbidden', 'overlay', ['overlay:blocked[migration-incomplete]']],
    // Updating with the Cilium profile: that step runs
    ['migration-incomplete/fail.updating-unlabelled', 'cilium', ['overlay:done[]', 'cilium:running[]']],
    ['migration-incomplete/pass.all-converted', 'cilium', ['overlay:done[]', 'cilium:ready[]']],
    ['migration-incomplete/pass.virtual-node', 'cilium', ['overlay:done[]', 'cilium:done[]']],
    ['overlay-network-policy/fail.azure-npm', 'cilium', ['overlay:blocked[overlay-network-policy]', 'cilium:waiting[]']],
    ['overlay-network-policy/fail.calico-1-29', 'cilium', ['cilium:ready[]', 'overlay:blocked[overlay-pod-cidr-missing]']],
    ['cilium-source-mode/fail.kubenet', 'cilium', ['overlay:ready[]', 'cilium:waiting[]']],
    ['overlay-source-mode/fail.pod-subnet', 'cilium', ['cilium:ready[]']],
    ['cilium-source-mode/fail.byo-cni', 'overlay', ['overlay:blocked[overlay-source-mode]']],
  ];
  it.each(table)('%s to %s', (path, goal, expected, finishing = false) => {
    const plan = planPath(fixture(path), goal);
    expect(shape(plan)).toEqual(expected);
    const step = currentStep(plan);
    expect(step?.finishing ?? false).toBe(finishing);
    if (finishing) {
      expect(step?.verdict).toBe('incomplete');
      expect(step?.effects[0].id).toBe('finishesMigration');
    }
  });

  it('kubenet with Azure NPM to Cilium: the engine must go first, with its enforcement gap', () => {
    const [overlay] = planPath(fixture('overlay-network-policy/fail.azure-npm'), 'cilium').steps;
    expect(overlay.prerequisites.map((p) => p.id)).toEqual(['removePolicyEngine', 'enforcementOffUntilCilium']);
  });

  it('bring-your-own CNI: a note that there is no path', () => {
    expect(planPath(fixture('cilium-source-mode/fail.byo-cni'), 'cilium').notes.map((n) => n.id)).toEqual(['noPathFromByo']);
  });
});
