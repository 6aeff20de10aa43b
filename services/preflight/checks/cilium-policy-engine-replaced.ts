// cilium-policy-engine-replaced: Azure NPM / Calico are uninstalled and replaced by Cilium.
import type { CheckDefinition } from '../types.ts';
import { msg } from '../messages.ts';

/** Warns that an existing Azure NPM or Calico engine is replaced by Cilium. */
export const ciliumPolicyEngineReplaced: CheckDefinition = {
  id: 'cilium-policy-engine-replaced',
  severity: 'warning',
  target: 'cilium',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy',
  evaluate(snapshot) {
    const policy = snapshot.derived.networkPolicy;
    if (policy !== 'azure' && policy !== 'calico') return { status: 'pass' };
    return {
      status: 'fail',
      detail: policy === 'azure'
        ? msg('cilium-policy-engine-replaced.azure', { cluster: snapshot.cluster.name })
        : msg('cilium-policy-engine-replaced.calico', { cluster: snapshot.cluster.name }),
      remediation: policy === 'calico' ? msg('cilium-policy-engine-replaced.calico.fix') : undefined,
    };
  },
};
