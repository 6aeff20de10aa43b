// The one mapping from Azure failures to user errors, and the cluster directory's scope and deadline.
import { RestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import type { AzureClients } from '../../../services/azure/clients.ts';
import { assertSubscriptionInScope, createClusterDirectory } from '../../../services/azure/cluster-directory.ts';
import { AzureFailure, describeAzureFailure, isAzureCallError } from '../../../services/azure/failures.ts';

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';

function restError(status: number, code: string, retryAfter?: string): RestError {
  const headers = new Map<string, string>(retryAfter ? [['retry-after', retryAfter]] : []);
  return new RestError(`${code} message`, {
    statusCode: status, code,
    response: { status, headers: { get: (n: string) => headers.get(n.toLowerCase()) } } as unknown as PipelineResponse,
  });
}

describe('describeAzureFailure', () => {
  it.each([
    [restError(404, 'SubscriptionNotFound'), 'subscription-not-found'],
    [restError(400, 'InvalidSubscriptionId'), 'invalid-subscription'],
    [restError(403, 'AuthorizationFailed'), 'forbidden'],
    [restError(401, 'InvalidAuthenticationToken'), 'unauthenticated'],
    [restError(404, 'ResourceGroupNotFound'), 'not-found'],
    [restError(500, 'InternalServerError'), 'azure-error'],
    [restError(503, 'ServiceUnavailable'), 'azure-error'],
    [restError(504, 'GatewayTimeout'), 'timeout'],
    [Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }), 'timeout'],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'unreachable'],
  ])('%s -> %s', (err, reason) => {
    const f = describeAzureFailure(err, { subscriptionId: SUB });
    expect(f).toBeInstanceOf(AzureFailure);
    expect(f.facts.reason).toBe(reason);
    expect(f.hint).toBeTruthy();
  });

  it('429 carries Retry-After as whole seconds (60 when absent)', () => {
    expect(describeAzureFailure(restError(429, 'TooManyRequests', '17')).facts).toMatchObject({ reason: 'throttled', retryAfterSeconds: 17 });
    expect(describeAzureFailure(restError(429, 'TooManyRequests', '0.2')).facts.retryAfterSeconds).toBe(1);
    expect(describeAzureFailure(restError(429, 'TooManyRequests')).facts.retryAfterSeconds).toBe(60);
    expect(describeAzureFailure(restError(429, 'TooManyRequests', '17')).hint).toBe('Try again in 17 s.');
  });

  it('tells Azure call errors from bugs', () => {
    expect(isAzureCallError(restError(500, 'x'))).toBe(true);
    expect(isAzureCallError(new TypeError('undefined is not a function'))).toBe(false);
  });
});

/** Clients whose cluster list answers with `answers` in turn, or per subscription (an Error is thrown); records the calls. */
function fakeClients(answers: (Error | string[])[] | ((sub: string) => Error | string[])): { clients: AzureClients; calls: string[] } {
  const calls: string[] = [];
  let i = 0;
  const clients = {
    endpoint: 'https://127.0.0.1:1',
    containerService: (sub: string, purpose?: string) => ({
      managedClusters: {
        list: () => {
          calls.push(`${sub}:${purpose}`);
          const a = typeof answers === 'function' ? answers(sub) : answers[Math.min(i++, answers.length - 1)];
          return (async function* () {
            if (a instanceof Error) throw a;
            for (const name of a) {
              yield { id: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`, name, networkProfile: { networkPlugin: 'azure' } };
            }
          })();
        },
      },
    }),
    network: () => { throw new Error('not used'); },
    listSubscriptions: async () => [{ subscriptionId: SUB }],
  } as unknown as AzureClients;
  return { clients, calls };
}

describe('cluster directory', () => {
  it('refuses a subscription outside the scope before any request', async () => {
    const { clients, calls } = fakeClients([['aks-a']]);
    const dir = createClusterDirectory({ clients, subscriptions: [SUB] });
    const err = await dir.resolve({ name: 'aks-a', subscriptionId: '11111111-2222-3333-4444-555555555555' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AzureFailure);
    expect((err as AzureFailure).facts).toMatchObject({ reason: 'out-of-scope', allowedSubscriptions: [SUB] });
    await expect(dir.snapshot({ subscriptionId: 'other', resourceGroup: 'rg', name: 'aks-a', id: '/x' })).rejects.toThrow(/not one NetPilot may use/);
    expect(calls).toEqual([]);
    expect(() => assertSubscriptionInScope(SUB.toUpperCase(), [SUB])).not.toThrow();
    expect(() => assertSubscriptionInScope('x', 'all')).not.toThrow();
  });

  it('retries a 429 whose Retry-After fits the deadline, on a client without pipeline retries', async () => {
    const { clients, calls } = fakeClients([restError(429, 'TooManyRequests', '1'), ['aks-a']]);
    const waits: number[] = [];
    const dir = createClusterDirectory({ clients, subscriptions: [SUB], sleep: async (ms) => { waits.push(ms); } });
    expect(await dir.resolve({ name: 'aks-a' })).toMatchObject({ kind: 'found' });
    expect(waits).toEqual([1000]);
    expect(calls).toEqual([`${SUB}:interactive`, `${SUB}:interactive`]);
  });

  it('answers at once with the Retry-After when it does not fit the deadline', async () => {
    const { clients, calls } = fakeClients([restError(429, 'TooManyRequests', '30'), ['aks-a']]);
    const waits: number[] = [];
    const dir = createClusterDirectory({ clients, subscriptions: [SUB], readDeadlineMs: 9_000, sleep: async (ms) => { waits.push(ms); } });
    const err = await dir.list().catch((e: unknown) => e);
    expect((err as AzureFailure).facts).toMatchObject({ reason: 'throttled', retryAfterSeconds: 30, subscriptionId: SUB });
    expect(waits).toEqual([]);
    expect(calls).toHaveLength(1);
  });

  it('does not say "not found" while a subscription could not be read', async () => {
    const other = '22222222-2222-2222-2222-222222222222';
    const { clients } = fakeClients((sub) => (sub === SUB ? ['aks-a'] : restError(403, 'AuthorizationFailed')));
    const dir = createClusterDirectory({ clients, subscriptions: [SUB, other] });
    expect(await dir.list()).toHaveLength(1);
    expect(await dir.resolve({ name: 'aks-a' })).toMatchObject({ kind: 'found' });
    await expect(dir.resolve({ name: 'aks-b' })).rejects.toMatchObject({ facts: { reason: 'forbidden', subscriptionId: other } });
  });
});

describe('read deadline (against the emulator)', () => {
  it('a slow cluster list is answered as a timeout when the budget is spent, not waited for', async () => {
    const { startEmulator } = await import('../../../emulator/index.ts');
    const { createAzureClients, EmulatorTokenCredential } = await import('../../../services/azure/clients.ts');
    const emu = await startEmulator({ faults: { latencyMs: 1_500 } });
    try {
      const clients = createAzureClients({ endpoint: emu.url, scope: `${emu.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emu.caPem });
      const dir = createClusterDirectory({ clients, subscriptions: [SUB], readDeadlineMs: 500 });
      const started = Date.now();
      const err = await dir.resolve({ name: 'aks-legacy' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AzureFailure);
      expect((err as AzureFailure).facts.reason).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1_400);
    } finally {
      await emu.stop();
    }
  });

  it('inside runWithReadDeadline with abort, a slow ARM read is aborted at the deadline', async () => {
    const { startEmulator } = await import('../../../emulator/index.ts');
    const { createAzureClients, EmulatorTokenCredential } = await import('../../../services/azure/clients.ts');
    const { runWithReadDeadline } = await import('../../../services/azure/read-deadline.ts');
    const emu = await startEmulator({ faults: { latencyMs: 1_500 } });
    try {
      const clients = createAzureClients({ endpoint: emu.url, scope: `${emu.url}/.default`, credential: new EmulatorTokenCredential(), caPem: emu.caPem });
      const started = Date.now();
      const err = await runWithReadDeadline(400, () => clients.containerService(SUB).managedClusters.get('rg-demo', 'aks-legacy')).catch((e: unknown) => e);
      expect(describeAzureFailure(err).facts.reason).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(1_400);
    } finally {
      await emu.stop();
    }
  });
});
