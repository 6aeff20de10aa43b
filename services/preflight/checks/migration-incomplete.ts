// migration-incomplete: the network profile is at the target, but the last migration failed (or was
// canceled) or did not convert every node. AKS finishes it when the same update is sent again.
import { isVirtualNode, nodeShowsTarget, TARGET_NODE_LABELS } from '../../cluster/node-labels.ts';
import { planMigration } from '../../migration/plan.ts';
import { msg, type Message } from '../messages.ts';
import type { CheckDefinition } from '../types.ts';
import { kubeList } from '../facts.ts';

/** Node names quoted in the detail before "and N more". */
const MAX_NAMED_NODES = 10;

/** Provisioning states an operation ends in without having finished its work. */
function unfinished(state: string | undefined): boolean {
  const s = (state ?? '').toLowerCase();
  return s === 'failed' || s === 'canceled';
}

/** True while an operation runs (any non-terminal state). */
function running(state: string | undefined): boolean {
  const s = (state ?? '').toLowerCase();
  return s !== '' && s !== 'succeeded' && !unfinished(state);
}

/** Fails on a cluster at the target whose last migration failed or left nodes unconverted. */
export const migrationIncomplete: CheckDefinition = {
  id: 'migration-incomplete',
  severity: 'warning',
  target: 'both',
  needs: ['ARM', 'K8S'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  atTarget: 'decides',
  evaluate(snapshot, ctx) {
    if (!ctx.atTarget) return { status: 'not-applicable', reason: 'the network profile is not at the target yet' };
    const c = snapshot.cluster;
    const target = ctx.target;
    const problems: Message[] = [];
    if (unfinished(c.provisioningState)) problems.push(msg('migration-incomplete.cluster-ended', { cluster: c.name, state: c.provisioningState ?? '' }));
    const pools = snapshot.agentPools.filter((p) => unfinished(p.provisioningState));
    if (pools.length > 0) problems.push(msg('migration-incomplete.pools', { pools: pools.map((p) => `${p.name} (${p.provisioningState})`) }));

    const nodes = kubeList(snapshot, 'nodes');
    let nodesUnknown: Message | undefined;
    let nodesHint: Message | undefined;
    if ('unverified' in nodes) {
      nodesUnknown = nodes.unverified.missing;
      nodesHint = nodes.unverified.hint;
    } else {
      const real = nodes.list.filter((n) => !isVirtualNode(n));
      const expected = snapshot.agentPools.reduce((n, p) => n + (p.count ?? 0), 0);
      if (real.length === 0 && expected > 0) {
        nodesUnknown = msg('migration-incomplete.empty-nodes', { expected });
        nodesHint = msg('migration-incomplete.empty-nodes.hint');
      }
      const left = real.filter((n) => !nodeShowsTarget(n, target));
      if (left.length > 0) {
        const named = left.slice(0, MAX_NAMED_NODES).map((n) => n.name || '?');
        problems.push(msg('migration-incomplete.nodes', {
          left: left.length, total: real.length, labelsAny: TARGET_NODE_LABELS[target].map(([k, v]) => `${k}=${v}`), nodes: named, more: left.length - named.length,
        }));
      }
    }

    if (problems.length > 0) {
      const kept = target === 'overlay' ? planMigration(snapshot, target).networkProfile.podCidr : undefined;
      const ignored = ctx.podCidrGiven && ctx.podCidr && target === 'overlay' && ctx.podCidr !== kept ? ctx.podCidr : 'none';
      return {
        status: 'fail',
        detail: msg('migration-incomplete.fail', {
          cluster: c.name, target, problems,
          busy: running(c.provisioningState) ? c.provisioningState ?? 'none' : 'none',
          ignored, kept: typeof kept === 'string' ? kept : 'none',
        }),
        remediation: msg('migration-incomplete.fail.fix', { target, az: planMigration(snapshot, target).azCommand }),
      };
    }
    if (nodesUnknown) {
      return {
        status: 'unverified',
        missing: nodesUnknown,
        hint: nodesHint ?? msg('grant.nodes'),
      };
    }
    if (!c.provisioningState) {
      return {
        status: 'unverified',
        missing: msg('cluster-provisioning-state.missing-cluster', { cluster: c.name }),
        hint: msg('grant.reader', { scope: c.id }),
      };
    }
    return { status: 'pass' };
  },
};
