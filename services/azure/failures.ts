// The one place where an Azure (ARM) failure becomes a user error: what happened, in words a user
// can act on, plus the structured facts (reason, subscription, Retry-After) the chat layer localises.
import { UserError } from '../cluster/errors.ts';
import { describeFailure } from '../retry/failure.ts';

/** Why an Azure read failed, as far as a user is concerned. */
export type AzureFailureReason =
  | 'out-of-scope'
  | 'subscription-not-found'
  | 'invalid-subscription'
  | 'forbidden'
  | 'unauthenticated'
  | 'not-found'
  | 'throttled'
  | 'timeout'
  | 'unreachable'
  | 'azure-error';

/** The facts of one failure; `subscriptionId` is the subscription it concerns, when known. */
export interface AzureFailureFacts {
  reason: AzureFailureReason;
  subscriptionId?: string;
  /** Seconds to wait before trying again (from Retry-After), for `throttled`. */
  retryAfterSeconds?: number;
  /** HTTP status and ARM error code, when Azure answered. */
  status?: number;
  armCode?: string;
  /** Azure's own message (English; logged and shown by the CLI). */
  detail: string;
  /** The configured subscriptions, for `out-of-scope`. */
  allowedSubscriptions?: string[];
}

/** A user error caused by Azure (or by naming a subscription outside the scope); carries its facts. */
export class AzureFailure extends UserError {
  readonly facts: AzureFailureFacts;
  constructor(facts: AzureFailureFacts) {
    const { message, hint } = englishText(facts);
    super(`Azure${facts.reason.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`, message, hint);
    this.name = 'AzureFailure';
    this.facts = facts;
  }
}

function englishText(f: AzureFailureFacts): { message: string; hint: string } {
  const sub = f.subscriptionId ? `subscription ${f.subscriptionId}` : 'the subscription';
  switch (f.reason) {
    case 'out-of-scope':
      return { message: `${sub} is not one NetPilot may use`,
        hint: `Name a cluster in one of the configured subscriptions (AZURE_SUBSCRIPTION_IDS: ${(f.allowedSubscriptions ?? []).join(', ') || 'none'}).` };
    case 'subscription-not-found':
      return { message: `${sub} was not found, or NetPilot's identity cannot see it`,
        hint: 'Check the subscription id (-s or the resource id); if it is right, grant NetPilot\'s identity the Reader role on it.' };
    case 'invalid-subscription':
      return { message: `${sub} is not a valid subscription id`, hint: 'A subscription id is a GUID such as 00000000-0000-0000-0000-000000000000.' };
    case 'forbidden':
      return { message: `NetPilot's identity is not allowed to read ${sub} (${f.status ?? 403})`,
        hint: 'Grant NetPilot\'s identity the Reader role on the subscription (or on the cluster and its VNet), then try again.' };
    case 'unauthenticated':
      return { message: 'NetPilot could not sign in to Azure (401)',
        hint: 'Check NetPilot\'s managed identity or AZURE_CLIENT_ID / AZURE_TENANT_ID / AZURE_CLIENT_SECRET.' };
    case 'not-found':
      return { message: `not found in ${sub}: ${f.detail}`, hint: 'Check the resource group (-g) and subscription (-s).' };
    case 'throttled':
      return { message: `Azure is throttling NetPilot's requests to ${sub} (429)`,
        hint: `Try again in ${f.retryAfterSeconds ?? 60} s.` };
    case 'timeout':
      return { message: `Azure did not answer in time for ${sub}`, hint: 'Try again in a minute; if it persists, check Azure status.' };
    case 'unreachable':
      return { message: `Azure could not be reached (${f.detail})`, hint: 'Check the network path from NetPilot to Azure Resource Manager, then try again.' };
    case 'azure-error':
      return { message: `Azure answered with an error${f.status ? ` (${f.status})` : ''}: ${f.detail}`, hint: 'Try again in a minute; if it persists, check Azure status.' };
  }
}

/** Maps any error of an ARM call to an `AzureFailure` (an existing one is returned as it is). */
export function describeAzureFailure(err: unknown, context: { subscriptionId?: string } = {}): AzureFailure {
  if (err instanceof AzureFailure) return err;
  const f = describeFailure(err);
  const e = (err ?? {}) as { name?: unknown };
  const armCode = f.code;
  const base = { subscriptionId: context.subscriptionId, status: f.status, armCode, detail: f.message };
  if (e.name === 'AbortError' || f.networkCode === 'ETIMEDOUT' || f.status === 408 || f.status === 504) {
    return new AzureFailure({ ...base, reason: 'timeout' });
  }
  if (f.status === undefined) return new AzureFailure({ ...base, reason: f.networkCode ? 'unreachable' : 'azure-error' });
  if (f.status === 429) return new AzureFailure({ ...base, reason: 'throttled', retryAfterSeconds: Math.max(1, Math.ceil(f.retryAfterSeconds ?? 60)) });
  if (f.status === 401) return new AzureFailure({ ...base, reason: 'unauthenticated' });
  if (f.status === 403) return new AzureFailure({ ...base, reason: 'forbidden' });
  if (armCode === 'SubscriptionNotFound') return new AzureFailure({ ...base, reason: 'subscription-not-found' });
  if (armCode === 'InvalidSubscriptionId') return new AzureFailure({ ...base, reason: 'invalid-subscription' });
  if (f.status === 404) return new AzureFailure({ ...base, reason: 'not-found' });
  return new AzureFailure({ ...base, reason: 'azure-error' });
}

/** True for errors of a call to Azure (an HTTP answer, an abort or a network error), not for bugs. */
export function isAzureCallError(err: unknown): boolean {
  if (err instanceof AzureFailure) return true;
  const f = describeFailure(err);
  const name = (err as { name?: unknown } | null)?.name;
  return f.status !== undefined || f.networkCode !== undefined || name === 'RestError' || name === 'AbortError';
}
