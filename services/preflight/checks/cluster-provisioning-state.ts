// cluster-provisioning-state: no migration while an operation runs, failed, or the cluster is stopped.
import type { CheckDefinition } from '../types.ts';
import { azTarget } from '../facts.ts';

/** Blocks when the cluster or a pool is not `Succeeded`, or the cluster or a pool is stopped. When
 * finishing a migration (cluster at the target), `Failed` and `Canceled` are what the finishing
 * update repairs, so only running operations and stopped clusters or pools block it. */
export const clusterProvisioningState: CheckDefinition = {
  id: 'cluster-provisioning-state',
  title: 'Cluster and node pools are idle and running',
  severity: 'blocker',
  target: 'both',
  needs: ['ARM'],
  remediation: 'Wait for the running operation to finish (az aks wait --updated), start a stopped cluster (az aks start), or fix a failed state (az aks update with no changes reconciles it), then run the preflight again.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  atTarget: 'guards',
  evaluate(snapshot, ctx) {
    const c = snapshot.cluster;
    if (!c.provisioningState) {
      return {
        status: 'unverified',
        missing: `the provisioningState of cluster ${c.name}`,
        hint: `grant NetPilot the Azure "Reader" role on the cluster (az role assignment create --assignee <netpilot-object-id> --role Reader --scope ${c.id}) and take the snapshot again`,
      };
    }
    const problems: string[] = [];
    const fixes = new Set<string>();
    const t = azTarget(snapshot);
    const finishing = ctx.atTarget === true;
    const settled = (state: string): boolean => {
      const s = state.toLowerCase();
      return s === 'succeeded' || (finishing && (s === 'failed' || s === 'canceled'));
    };
    if (!settled(c.provisioningState)) {
      problems.push(`cluster ${c.name} is ${c.provisioningState}`);
      fixes.add(c.provisioningState.toLowerCase() === 'failed' ? `az aks update ${t}` : `az aks wait ${t} --updated`);
    }
    if ((c.powerState ?? '').toLowerCase() === 'stopped') {
      problems.push(`cluster ${c.name} is Stopped`);
      fixes.add(`az aks start ${t}`);
    }
    const unknown: string[] = [];
    for (const p of snapshot.agentPools) {
      if (!p.provisioningState) unknown.push(p.name);
      else if (!settled(p.provisioningState)) {
        problems.push(`pool ${p.name} is ${p.provisioningState}`);
        fixes.add(p.provisioningState.toLowerCase() === 'failed'
          ? `az aks nodepool update ${t.replace('-n ', '--cluster-name ')} -n ${p.name}` : `az aks wait ${t} --updated`);
      }
      if ((p.powerState ?? '').toLowerCase() === 'stopped') {
        problems.push(`pool ${p.name} is Stopped`);
        fixes.add(`az aks nodepool start ${t.replace('-n ', '--cluster-name ')} --nodepool-name ${p.name}`);
      }
    }
    if (problems.length > 0) {
      return {
        status: 'fail',
        detail: `An operation is running or failed, or something is stopped: ${problems.join('; ')}. The update is refused until everything is Succeeded and running.`,
        remediation: `Bring the cluster back to an idle, running state, then run the preflight again: ${[...fixes].join(' ; ')}`,
      };
    }
    if (unknown.length > 0) {
      return {
        status: 'unverified',
        missing: `the provisioningState of pool(s) ${unknown.join(', ')}`,
        hint: `grant NetPilot the Azure "Reader" role on the cluster (az role assignment create --assignee <netpilot-object-id> --role Reader --scope ${c.id}) and take the snapshot again`,
      };
    }
    return { status: 'pass' };
  },
};
