// migration-incomplete: the network profile is at the target, but the last migration failed (or was
// canceled) or did not convert every node. AKS finishes it when the same update is sent again.
import type { Target } from '../../cluster/types.ts';
import { isVirtualNode, nodeShowsTarget, targetLabelText } from '../../cluster/node-labels.ts';
import { planMigration } from '../../migration/plan.ts';
import type { CheckDefinition } from '../types.ts';
import { kubeList } from '../facts.ts';

/** Node names quoted in the detail before "and N more". */
const MAX_NAMED_NODES = 10;

const TARGET_NAME: Record<Target, string> = { overlay: 'Azure CNI Overlay', cilium: 'Azure CNI powered by Cilium' };

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
  title: 'The migration to the target finished on every node',
  severity: 'warning',
  target: 'both',
  needs: ['ARM', 'K8S'],
  remediation: 'Finish the migration: send the same update again (request the upgrade to the target through NetPilot, which sends it after approval, or run the equivalent az aks update command). AKS then reconciles the cluster and finishes the migration (nodes are reimaged again); run the preflight again when it has finished.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  atTarget: 'decides',
  evaluate(snapshot, ctx) {
    if (!ctx.atTarget) return { status: 'not-applicable', reason: 'the network profile is not at the target yet' };
    const c = snapshot.cluster;
    const target = ctx.target;
    const problems: string[] = [];
    if (unfinished(c.provisioningState)) problems.push(`the last operation on cluster ${c.name} ended ${c.provisioningState}`);
    const pools = snapshot.agentPools.filter((p) => unfinished(p.provisioningState));
    if (pools.length > 0) problems.push(`node pool(s) ${pools.map((p) => `${p.name} (${p.provisioningState})`).join(', ')}`);

    const nodes = kubeList(snapshot, 'nodes');
    let nodesUnknown: string | undefined;
    let nodesHint: string | undefined;
    if ('unverified' in nodes) {
      nodesUnknown = nodes.unverified.missing;
      nodesHint = nodes.unverified.hint;
    } else {
      const real = nodes.list.filter((n) => !isVirtualNode(n));
      const expected = snapshot.agentPools.reduce((n, p) => n + (p.count ?? 0), 0);
      if (real.length === 0 && expected > 0) {
        nodesUnknown = `the cluster's nodes (the node list is empty although the pools have ${expected} node(s))`;
        nodesHint = 'check that NetPilot reads the right cluster and may list nodes, then take the snapshot again';
      }
      const left = real.filter((n) => !nodeShowsTarget(n, target));
      if (left.length > 0) {
        const named = left.slice(0, MAX_NAMED_NODES).map((n) => n.name || '(unnamed)');
        const more = left.length > named.length ? ` and ${left.length - named.length} more` : '';
        problems.push(`${left.length} of ${real.length} node(s) do not carry ${targetLabelText(target)}: ${named.join(', ')}${more}`);
      }
    }

    if (problems.length > 0) {
      const kept = target === 'overlay' ? planMigration(snapshot, target).networkProfile.podCidr : undefined;
      const ignored = ctx.podCidrGiven && ctx.podCidr && target === 'overlay' && ctx.podCidr !== kept
        ? ` The pod CIDR given (${ctx.podCidr}) is not used: finishing sends the cluster's own pod CIDR${typeof kept === 'string' ? ` (${kept})` : ''} again; change the pod CIDR separately once the migration has finished.`
        : '';
      const busy = running(c.provisioningState)
        ? ` An operation is running on the cluster (${c.provisioningState}): the migration may still be in progress; wait for it to end (az aks wait --updated) and check again.`
        : '';
      return {
        status: 'fail',
        detail: `The network profile of ${c.name} already shows ${TARGET_NAME[target]}, but the migration did not finish: ${problems.join('; ')}.${busy}${ignored}`,
        remediation: `Send the same update again: request the upgrade to ${target} in NetPilot (normal approval), or run ${planMigration(snapshot, target).azCommand}. AKS then finishes the migration (nodes are reimaged again); check again afterwards.`,
      };
    }
    if (nodesUnknown) {
      return {
        status: 'unverified',
        missing: nodesUnknown,
        hint: nodesHint ?? 'grant NetPilot read access to the nodes and take the snapshot again',
      };
    }
    if (!c.provisioningState) {
      return {
        status: 'unverified',
        missing: `the provisioningState of cluster ${c.name}`,
        hint: `grant NetPilot the Azure "Reader" role on the cluster (az role assignment create --assignee <netpilot-object-id> --role Reader --scope ${c.id}) and take the snapshot again`,
      };
    }
    return { status: 'pass' };
  },
};
