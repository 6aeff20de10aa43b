// cilium-policy-engine-replaced: Azure NPM / Calico are uninstalled and replaced by Cilium.
import type { CheckDefinition } from '../types.ts';

/** Warns that an existing Azure NPM or Calico engine is replaced by Cilium. */
export const ciliumPolicyEngineReplaced: CheckDefinition = {
  id: 'cilium-policy-engine-replaced',
  title: 'The current policy engine is replaced by Cilium',
  severity: 'warning',
  target: 'cilium',
  needs: ['ARM'],
  remediation: 'Review the NPM -> Cilium policy differences; after the migration remove leftover Calico CRDs/CRs if you no longer need them.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy',
  evaluate(snapshot) {
    const policy = snapshot.derived.networkPolicy;
    if (policy !== 'azure' && policy !== 'calico') return { status: 'pass' };
    return {
      status: 'fail',
      detail: policy === 'azure'
        ? `Cluster ${snapshot.cluster.name} uses Azure Network Policy Manager (networkPolicy azure): it is uninstalled and Cilium enforces the NetworkPolicy objects instead, with some behaviour differences.`
        : `Cluster ${snapshot.cluster.name} uses Calico (networkPolicy calico): it is uninstalled and Cilium enforces the Kubernetes NetworkPolicy objects instead; Calico-specific policies (CRDs/CRs) are not enforced and are not removed.`,
      remediation: policy === 'calico'
        ? 'Translate any Calico-specific policies (kubectl get globalnetworkpolicies.crd.projectcalico.org,networkpolicies.crd.projectcalico.org -A) to Kubernetes or Cilium policies before the migration; remove the Calico CRDs afterwards.'
        : undefined,
    };
  },
};
