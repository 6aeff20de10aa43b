// pdb-blocks-drain: PodDisruptionBudgets that allow no disruption stall the node drains.
import type { CheckDefinition } from '../types.ts';
import { kubeList } from '../facts.ts';
import { msg } from '../messages.ts';

/** Warns about PodDisruptionBudgets with `disruptionsAllowed == 0` and `expectedPods > 0`. */
export const pdbBlocksDrain: CheckDefinition = {
  id: 'pdb-blocks-drain',
  severity: 'warning',
  target: 'both',
  needs: ['K8S'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/upgrade-cluster#optimize-for-undrainable-node-behavior',
  atTarget: 'guards',
  evaluate(snapshot) {
    const pdbs = kubeList(snapshot, 'podDisruptionBudgets');
    if ('unverified' in pdbs) return pdbs.unverified;
    const stuck = pdbs.list.filter((p) => p.disruptionsAllowed === 0 && (p.expectedPods ?? 0) > 0);
    if (stuck.length === 0) return { status: 'pass' };
    const budgets = stuck.map((p) => msg('pdb-blocks-drain.budget', { budget: `${p.namespace}/${p.name}`, pods: p.expectedPods ?? 0 }));
    return {
      status: 'fail',
      detail: msg('pdb-blocks-drain.fail', { budgets }),
      remediation: msg('pdb-blocks-drain.fail.fix', {
        commands: stuck.map((p) => `kubectl patch pdb ${p.name} -n ${p.namespace} --type merge -p '{"spec":{"minAvailable":null,"maxUnavailable":1}}'`).join(' ; '),
      }),
    };
  },
};
