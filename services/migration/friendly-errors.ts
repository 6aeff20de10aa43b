// ARM error codes and messages seen in the wild (domain notes §6) mapped to friendly text and a
// next step. Unknown errors keep their code and message and get a generic next step.
import type { FriendlyError, FriendlyErrorId } from './types.ts';

/** An ARM error body (`error` of an operation status or a failed response). */
export interface ArmError {
  code?: string;
  message?: string;
  details?: { code?: string; message?: string }[];
}

/** `namespace/name` of a PodDisruptionBudget named in an error message, if any. */
export function pdbNamed(text: string): string | undefined {
  const m = /PodDisruptionBudget\s+"?([a-z0-9][\w.-]*\/[a-z0-9][\w.-]*|[a-z0-9][\w.-]*)"?/i.exec(text)
    ?? /\bPDB\s+"?([a-z0-9][\w.-]*\/[a-z0-9][\w.-]*)"?/i.exec(text);
  return m?.[1];
}

interface Rule {
  test: (code: string, text: string) => boolean;
  make: (e: { code: string; message: string; text: string }) => Omit<FriendlyError, 'code' | 'message'> & { messageId: FriendlyErrorId };
}

const RULES: Rule[] = [
  {
    test: (code, text) => /PodDrainFailure|disruption budget|PodDisruptionBudget|\bPDB\b/i.test(`${code} ${text}`),
    make: ({ text }) => {
      const pdb = pdbNamed(text);
      return {
        pdb,
        messageId: pdb ? 'error.pdb' : 'error.pdb-unnamed',
        params: pdb
          ? { pdb, command: `kubectl patch pdb ${pdb.split('/').pop()} -n ${pdb.includes('/') ? pdb.split('/')[0] : 'default'} --type merge -p '{"spec":{"minAvailable":null,"maxUnavailable":1}}'` }
          : {} as Record<string, string>,
        friendly: `A node drain was blocked${pdb ? ` by the PodDisruptionBudget ${pdb}` : ' by a PodDisruptionBudget'}, which allows no disruption, so the reimage stopped.`,
        nextStep: pdb
          ? `Let ${pdb} allow one disruption (or scale its workload up): kubectl patch pdb ${pdb.split('/').pop()} -n ${pdb.includes('/') ? pdb.split('/')[0] : 'default'} --type merge -p '{"spec":{"minAvailable":null,"maxUnavailable":1}}', then run the update again (it resumes; it cannot be rolled back).`
          : 'Find budgets with 0 allowed disruptions (kubectl get pdb -A), relax them for the migration, then run the update again.',
      };
    },
  },
  {
    test: (code) => /PreconditionFailed/i.test(code),
    make: () => ({
      messageId: 'error.precondition',
      friendly: 'The cluster changed after the approval (its eTag no longer matches), so nothing was sent.',
      nextStep: 'Run the preflight again and ask for a new approval.',
    }),
  },
  {
    test: (code) => /^(Throttled|TooManyRequests)$/i.test(code),
    make: () => ({
      messageId: 'error.throttled',
      friendly: 'Azure throttled the request (AKS allows about one cluster update per minute).',
      nextStep: 'Wait at least the Retry-After time, then request the migration again.',
    }),
  },
  {
    test: (code, text) => /^(Conflict|OperationNotAllowed|EtagMismatch)$/i.test(code) || /another operation .* in progress/i.test(text),
    make: () => ({
      messageId: 'error.busy',
      friendly: 'Another operation is running on the cluster, so Azure refused the update.',
      nextStep: 'Wait until the cluster shows provisioningState Succeeded, then request the migration again.',
    }),
  },
  {
    test: (code) => /CiliumDataplaneRequiresNetworkPolicyCilium/i.test(code),
    make: () => ({
      messageId: 'error.cilium-policy',
      friendly: 'Azure refuses Cilium dataplane without network policy cilium.',
      nextStep: 'Send networkDataplane=cilium together with networkPolicy=cilium (NetPilot plans both); report this as a bug.',
    }),
  },
  {
    test: (code) => /UnsupportedNetworkPluginModeWithNetworkPlugin/i.test(code),
    make: () => ({
      messageId: 'error.overlay-plugin',
      friendly: 'Overlay mode was sent without changing the network plugin from kubenet to azure.',
      nextStep: 'Send networkPlugin=azure with networkPluginMode=overlay; report this as a bug.',
    }),
  },
  {
    test: (_code, text) => /network polic(y|ies)/i.test(text) && /overlay/i.test(text),
    make: () => ({
      messageId: 'error.overlay-policy',
      friendly: 'Overlay cannot be enabled while a network policy engine (Azure NPM or Calico) is installed.',
      nextStep: 'Set networkPolicy=none as a separate update first (below Kubernetes 1.30, upgrade Kubernetes first).',
    }),
  },
];

/** Maps an ARM error to friendly text and a next step. */
export function friendlyError(error: ArmError | undefined): FriendlyError {
  const code = error?.code ?? 'Unknown';
  const message = error?.message ?? 'The operation failed without an error message.';
  const text = [message, ...(error?.details ?? []).map((d) => `${d.code ?? ''} ${d.message ?? ''}`)].join(' ');
  for (const rule of RULES) {
    if (rule.test(code, text)) return { code, message, ...rule.make({ code, message, text }) };
  }
  return {
    code, message,
    messageId: 'error.unknown',
    params: { code, message },
    friendly: `Azure reported ${code}: ${message}`,
    nextStep: 'Check the cluster in the Azure portal (Activity log) and run a preflight again before retrying.',
  };
}
