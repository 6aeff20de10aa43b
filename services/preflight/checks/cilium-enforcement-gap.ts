// cilium-enforcement-gap: NetworkPolicies are enforced by Cilium only after every node is reimaged.
import type { CheckDefinition } from '../types.ts';
import { kubeList } from '../facts.ts';

/** Warns when at least one NetworkPolicy exists. */
export const ciliumEnforcementGap: CheckDefinition = {
  id: 'cilium-enforcement-gap',
  title: 'Network policies are inconsistently enforced during the migration',
  severity: 'warning',
  target: 'cilium',
  needs: ['K8S'],
  remediation: 'Plan for a window in which NetworkPolicy objects are enforced inconsistently until every node is reimaged; avoid relying on them for isolation during that time.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium',
  evaluate(snapshot) {
    const policies = kubeList(snapshot, 'networkPolicies');
    if ('unverified' in policies) return policies.unverified;
    if (policies.list.length === 0) return { status: 'pass' };
    const names = policies.list.map((p) => `${p.namespace}/${p.name}`);
    return {
      status: 'fail',
      detail: `${names.length} NetworkPolicy object(s) (${names.slice(0, 20).join(', ')}${names.length > 20 ? ', ...' : ''}) are enforced by Cilium only after every node is reimaged; until then enforcement is inconsistent.`,
    };
  },
};
