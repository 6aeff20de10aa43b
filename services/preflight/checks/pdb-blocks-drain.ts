// pdb-blocks-drain: PodDisruptionBudgets that allow no disruption stall the node drains.
import type { CheckDefinition } from '../types.ts';
import { kubeList } from '../facts.ts';

/** Warns about PodDisruptionBudgets with `disruptionsAllowed == 0` and `expectedPods > 0`. */
export const pdbBlocksDrain: CheckDefinition = {
  id: 'pdb-blocks-drain',
  title: 'PodDisruptionBudgets allow the node drains',
  severity: 'warning',
  target: 'both',
  needs: ['K8S'],
  remediation: 'Scale the workloads so each budget allows a disruption, or relax the budget for the migration (kubectl edit pdb NAME -n NAMESPACE), then restore it.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/upgrade-cluster#optimize-for-undrainable-node-behavior',
  atTarget: 'guards',
  evaluate(snapshot) {
    const pdbs = kubeList(snapshot, 'podDisruptionBudgets');
    if ('unverified' in pdbs) return pdbs.unverified;
    const stuck = pdbs.list.filter((p) => p.disruptionsAllowed === 0 && (p.expectedPods ?? 0) > 0);
    if (stuck.length === 0) return { status: 'pass' };
    const names = stuck.map((p) => `${p.namespace}/${p.name} (0 disruptions allowed, ${p.expectedPods} expected pod(s))`);
    return {
      status: 'fail',
      detail: `Drains will stall on the pods of: ${names.join('; ')}.`,
      remediation: `Save each budget (kubectl get pdb NAME -n NAMESPACE -o yaml), let it allow one disruption for the migration or scale its workload up, and restore it afterwards: ${stuck.map((p) => `kubectl patch pdb ${p.name} -n ${p.namespace} --type merge -p '{"spec":{"minAvailable":null,"maxUnavailable":1}}'`).join(' ; ')}`,
    };
  },
};
