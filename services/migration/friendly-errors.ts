// ARM error codes and messages seen in the wild (domain notes §6) mapped to an explanation id and its
// parameters (i18n/errors.ts words it). Unknown errors keep Azure's code and message.
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
      };
    },
  },
  {
    test: (code) => /PreconditionFailed/i.test(code),
    make: () => ({
      messageId: 'error.precondition',
    }),
  },
  {
    test: (code) => /^(Throttled|TooManyRequests)$/i.test(code),
    make: () => ({
      messageId: 'error.throttled',
    }),
  },
  {
    test: (code, text) => /^(Conflict|OperationNotAllowed|EtagMismatch)$/i.test(code) || /another operation .* in progress/i.test(text),
    make: () => ({
      messageId: 'error.busy',
    }),
  },
  {
    test: (code) => /CiliumDataplaneRequiresNetworkPolicyCilium/i.test(code),
    make: () => ({
      messageId: 'error.cilium-policy',
    }),
  },
  {
    test: (code) => /UnsupportedNetworkPluginModeWithNetworkPlugin/i.test(code),
    make: () => ({
      messageId: 'error.overlay-plugin',
    }),
  },
  {
    test: (_code, text) => /network polic(y|ies)/i.test(text) && /overlay/i.test(text),
    make: () => ({
      messageId: 'error.overlay-policy',
    }),
  },
];

/** Maps an ARM error to the id (and parameters) of its explanation; Azure's own code and message are kept as they came. */
export function friendlyError(error: ArmError | undefined): FriendlyError {
  const code = error?.code ?? 'Unknown';
  const message = error?.message ?? '';
  const text = [message, ...(error?.details ?? []).map((d) => `${d.code ?? ''} ${d.message ?? ''}`)].join(' ');
  for (const rule of RULES) {
    if (rule.test(code, text)) return { code, message, ...rule.make({ code, message, text }) };
  }
  return {
    code, message,
    messageId: 'error.unknown',
    params: { code, message },
  };
}
