// cluster-provisioning-state: no migration while an operation runs, failed, or the cluster is stopped.
import type { CheckDefinition } from '../types.ts';
import { azTarget } from '../facts.ts';
import { msg, type Message } from '../messages.ts';

/** Blocks when the cluster or a pool is not `Succeeded`, or the cluster or a pool is stopped. When
 * finishing a migration (cluster at the target), `Failed` and `Canceled` are what the finishing
 * update repairs, so only running operations and stopped clusters or pools block it. */
export const clusterProvisioningState: CheckDefinition = {
  id: 'cluster-provisioning-state',
  severity: 'blocker',
  target: 'both',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/update-azure-cni',
  atTarget: 'guards',
  evaluate(snapshot, ctx) {
    const c = snapshot.cluster;
    if (!c.provisioningState) {
      return {
        status: 'unverified',
        missing: msg('cluster-provisioning-state.missing-cluster', { cluster: c.name }),
        hint: msg('grant.reader', { scope: c.id }),
      };
    }
    const problems: Message[] = [];
    const fixes = new Set<string>();
    const t = azTarget(snapshot);
    const finishing = ctx.atTarget === true;
    const settled = (state: string): boolean => {
      const s = state.toLowerCase();
      return s === 'succeeded' || (finishing && (s === 'failed' || s === 'canceled'));
    };
    if (!settled(c.provisioningState)) {
      problems.push(msg('cluster-provisioning-state.cluster-state', { cluster: c.name, state: c.provisioningState }));
      fixes.add(c.provisioningState.toLowerCase() === 'failed' ? `az aks update ${t}` : `az aks wait ${t} --updated`);
    }
    if ((c.powerState ?? '').toLowerCase() === 'stopped') {
      problems.push(msg('cluster-provisioning-state.cluster-stopped', { cluster: c.name }));
      fixes.add(`az aks start ${t}`);
    }
    const unknown: string[] = [];
    for (const p of snapshot.agentPools) {
      if (!p.provisioningState) unknown.push(p.name);
      else if (!settled(p.provisioningState)) {
        problems.push(msg('cluster-provisioning-state.pool-state', { pool: p.name, state: p.provisioningState }));
        fixes.add(p.provisioningState.toLowerCase() === 'failed'
          ? `az aks nodepool update ${t.replace('-n ', '--cluster-name ')} -n ${p.name}` : `az aks wait ${t} --updated`);
      }
      if ((p.powerState ?? '').toLowerCase() === 'stopped') {
        problems.push(msg('cluster-provisioning-state.pool-stopped', { pool: p.name }));
        fixes.add(`az aks nodepool start ${t.replace('-n ', '--cluster-name ')} --nodepool-name ${p.name}`);
      }
    }
    if (problems.length > 0) {
      return {
        status: 'fail',
        detail: msg('cluster-provisioning-state.fail', { problems }),
        remediation: msg('cluster-provisioning-state.fail.fix', { commands: [...fixes].join(' ; ') }),
      };
    }
    if (unknown.length > 0) {
      return {
        status: 'unverified',
        missing: msg('cluster-provisioning-state.missing-pools', { pools: unknown }),
        hint: msg('grant.reader', { scope: c.id }),
      };
    }
    return { status: 'pass' };
  },
};
