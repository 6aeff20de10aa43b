// cilium-policy-compat: NetworkPolicy constructs that behave differently under Cilium.
import type { KubeNetworkPolicy } from '../../cluster/types.ts';
import type { CheckDefinition } from '../types.ts';
import { kubeList } from '../facts.ts';
import { msg, type Message } from '../messages.ts';

type Rule = Record<string, unknown>;

function asArray(v: unknown): Rule[] {
  return Array.isArray(v) ? v.filter((x): x is Rule => !!x && typeof x === 'object') : [];
}

/** The constructs of one policy that Cilium treats differently: `ipBlock`, named ports, `endPort`. */
export function incompatibleConstructs(policy: KubeNetworkPolicy): Message[] {
  const found = new Map<string, Message>();
  const add = (m: Message): void => {
    found.set(JSON.stringify(m), m);
  };
  for (const [direction, peerKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    for (const rule of asArray(policy.spec[direction])) {
      for (const peer of asArray(rule[peerKey])) {
        const block = peer.ipBlock as Rule | undefined;
        if (block) add(msg('cilium-policy-compat.ipBlock', { cidr: String(block.cidr ?? '?'), direction }));
      }
      for (const port of asArray(rule.ports)) {
        if (typeof port.port === 'string' && !/^\d+$/.test(port.port)) add(msg('cilium-policy-compat.namedPort', { port: port.port, direction }));
        if (port.endPort !== undefined && port.endPort !== null) add(msg('cilium-policy-compat.endPort', { port: String(port.endPort), direction }));
      }
    }
  }
  return [...found.values()];
}

/** Warns about NetworkPolicies using ipBlock, named ports or endPort. */
export const ciliumPolicyCompat: CheckDefinition = {
  id: 'cilium-policy-compat',
  severity: 'warning',
  target: 'cilium',
  needs: ['K8S'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/migrate-from-npm-to-cilium-network-policy',
  evaluate(snapshot) {
    const policies = kubeList(snapshot, 'networkPolicies');
    if ('unverified' in policies) return policies.unverified;
    const hits = policies.list.map((p) => ({ p, c: incompatibleConstructs(p) })).filter((x) => x.c.length > 0);
    if (hits.length === 0) return { status: 'pass' };
    return {
      status: 'fail',
      detail: msg('cilium-policy-compat.fail', {
        policies: hits.map(({ p, c }) => msg('cilium-policy-compat.policy', { policy: `${p.namespace}/${p.name}`, constructs: c })),
      }),
      remediation: msg('cilium-policy-compat.fail.fix', { name: hits[0].p.name, namespace: hits[0].p.namespace }),
    };
  },
};
