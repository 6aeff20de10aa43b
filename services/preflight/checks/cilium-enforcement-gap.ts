// cilium-enforcement-gap: NetworkPolicies are enforced by Cilium only after every node is reimaged.
import type { CheckDefinition } from '../types.ts';
import { kubeList } from '../facts.ts';
import { msg } from '../messages.ts';

/** Warns when at least one NetworkPolicy exists. */
export const ciliumEnforcementGap: CheckDefinition = {
  id: 'cilium-enforcement-gap',
  severity: 'warning',
  target: 'cilium',
  needs: ['K8S'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium',
  evaluate(snapshot) {
    const policies = kubeList(snapshot, 'networkPolicies');
    if ('unverified' in policies) return policies.unverified;
    if (policies.list.length === 0) return { status: 'pass' };
    const names = policies.list.map((p) => `${p.namespace}/${p.name}`);
    return {
      status: 'fail',
      detail: msg('cilium-enforcement-gap.fail', { count: names.length, policies: names.slice(0, 20), more: Math.max(0, names.length - 20) }),
    };
  },
};
