// cilium-policy-compat: NetworkPolicy constructs that behave differently under Cilium.
import type { KubeNetworkPolicy } from '../../cluster/types.ts';
import type { CheckDefinition } from '../types.ts';
import { kubeList } from '../facts.ts';

type Rule = Record<string, unknown>;

function asArray(v: unknown): Rule[] {
  return Array.isArray(v) ? v.filter((x): x is Rule => !!x && typeof x === 'object') : [];
}

/** The constructs of one policy that Cilium treats differently: `ipBlock`, named ports, `endPort`. */
export function incompatibleConstructs(policy: KubeNetworkPolicy): string[] {
  const found = new Set<string>();
  for (const [direction, peerKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    for (const rule of asArray(policy.spec[direction])) {
      for (const peer of asArray(rule[peerKey])) {
        const block = peer.ipBlock as Rule | undefined;
        if (block) found.add(`ipBlock ${String(block.cidr ?? '')} (${direction})`.replace(' ()', ''));
      }
      for (const port of asArray(rule.ports)) {
        if (typeof port.port === 'string' && !/^\d+$/.test(port.port)) found.add(`named port "${port.port}" (${direction})`);
        if (port.endPort !== undefined && port.endPort !== null) found.add(`endPort ${String(port.endPort)} (${direction})`);
      }
    }
  }
  return [...found];
}

/** Warns about NetworkPolicies using ipBlock, named ports or endPort. */
export const ciliumPolicyCompat: CheckDefinition = {
  id: 'cilium-policy-compat',
  title: 'NetworkPolicies use constructs Cilium treats differently',
  severity: 'warning',
  target: 'cilium',
  needs: ['K8S'],
  remediation: 'Rewrite the listed policies: ipBlock cannot select pod or node IPs under Cilium (use pod/namespace selectors), use numeric ports instead of named ports, and endPort needs Cilium 1.17 or later.',
  docsUrl: 'https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy',
  evaluate(snapshot) {
    const policies = kubeList(snapshot, 'networkPolicies');
    if ('unverified' in policies) return policies.unverified;
    const hits = policies.list.map((p) => ({ p, c: incompatibleConstructs(p) })).filter((x) => x.c.length > 0);
    if (hits.length === 0) return { status: 'pass' };
    return {
      status: 'fail',
      detail: `Policies with constructs that behave differently under Cilium: ${hits.map(({ p, c }) => `${p.namespace}/${p.name}: ${c.join(', ')}`).join('; ')}.`,
      remediation: `Review and rewrite them before the migration (kubectl get networkpolicy ${hits[0].p.name} -n ${hits[0].p.namespace} -o yaml): ipBlock cannot select pod or node IPs (use podSelector/namespaceSelector), use numeric ports instead of named ports, endPort needs Cilium 1.17 or later.`,
    };
  },
};
