// overlay-pod-cidr-missing: from node-subnet Azure CNI a pod CIDR is required.
import type { CheckDefinition } from '../types.ts';
import { podCidrUseOf } from '../pod-cidr.ts';
import { msg } from '../messages.ts';

/** Blocks a node-subnet -> Overlay run without a pod CIDR; quotes the suggested one. */
export const overlayPodCidrMissing: CheckDefinition = {
  id: 'overlay-pod-cidr-missing',
  severity: 'blocker',
  target: 'overlay',
  needs: ['ARM'],
  docsUrl: 'https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay',
  evaluate(snapshot, ctx) {
    const use = podCidrUseOf(snapshot, ctx);
    if (snapshot.derived.mode !== 'node-subnet') return { status: 'not-applicable', reason: 'only node-subnet Azure CNI needs a new pod CIDR' };
    // An invalid pod CIDR is reported by overlay-pod-cidr-invalid alone (spec/checks.md precise rules).
    if (use.kind === 'invalid') return { status: 'not-applicable', reason: 'the given pod CIDR is invalid (overlay-pod-cidr-invalid)' };
    if (use.kind !== 'missing') return { status: 'pass' };
    const s = ctx.suggestedPodCidr;
    return {
      status: 'fail',
      detail: s
        ? msg('overlay-pod-cidr-missing.suggested', { cluster: snapshot.cluster.name, suggested: s })
        : msg('overlay-pod-cidr-missing.no-suggestion', { cluster: snapshot.cluster.name }),
      remediation: s ? msg('overlay-pod-cidr-missing.suggested.fix', { suggested: s }) : msg('overlay-pod-cidr-missing.no-suggestion.fix'),
    };
  },
};
