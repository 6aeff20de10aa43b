// Reads an operation's status for the watcher with the Azure SDK's own poller (@azure/core-lro),
// resumed from the state the runner saved after its PUT (`poller.toString()`) or, later, from the
// state after the watcher's last poll. core-lro decides what to poll (Azure-AsyncOperation or
// Location), reads the status and follows a moved operation URL; NetPilot only carries the
// requests, through the client's pipeline (ARM token, retries), and every URL the poller asks for
// must pass operation-url.ts first (https, on the configured ARM endpoint): an untrusted one is
// never requested. A 404/410, too many consecutive failures, an untrusted URL or no saved state
// drop the operation URL for good: the watcher then reads the cluster instead.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import { createHttpPoller, deserializeState, type OperationResponse, type OperationState, type OperationConfig } from '@azure/core-lro';
import { createPipelineRequest, type HttpClient } from '@azure/core-rest-pipeline';
import { describeFailure, parseRetryAfter } from '../retry/failure.ts';
import type { OperationRecord } from '../store/types.ts';
import type { ArmError } from './friendly-errors.ts';
import { trustedOperationUrl } from './operation-url.ts';

/** An operation status as read: `InProgress`, `Succeeded`, `Failed`, `Canceled`, with its error. */
export interface LroRead { status: string; error?: ArmError; retryAfterSeconds?: number }

/** The part of the watcher's saved state about the operation URL. */
export interface OperationUrlState {
  /** Consecutive failures of the operation URL. */
  operationFailures: number;
  /** Why the operation URL is no longer read (404/410, failures, origin); absent while it is. */
  operationUrlDropped?: string;
  /** The SDK poller's state after the last poll (`{"state":…}`); absent = the one saved at PUT time. */
  pollerState?: string;
}

/** `read`: a status; `none`: the URL is not (or no longer) read; `failed`: a transient failure. */
export type OperationRead = { kind: 'read'; v: LroRead } | { kind: 'none' } | { kind: 'failed'; e: unknown };

/** What one read needs. */
export interface OperationReadInput {
  client: ContainerServiceClient;
  http: HttpClient;
  op: OperationRecord;
  /** Updated in place (failures, drop reason, poller state). */
  state: OperationUrlState;
  /** The configured ARM endpoint. */
  endpoint: string | undefined;
  /** Consecutive failures before the URL is dropped. */
  failureLimit: number;
  report(err: unknown, stage: string): void;
}

type PollState = OperationState<unknown> & { config: OperationConfig };

/** Polls the operation once unless its URL was dropped; drops it on 404/410, `failureLimit`
 * failures, an untrusted URL or a missing/unreadable poller state. */
export async function readOperationStatus(i: OperationReadInput): Promise<OperationRead> {
  const { op, state } = i;
  if (state.operationUrlDropped) return { kind: 'none' };
  const saved = restorable(state.pollerState ?? op.pollerState);
  if (typeof saved === 'string') {
    state.operationUrlDropped = op.asyncOperationUrl ? saved : 'no operation URL was recorded';
    return { kind: 'none' };
  }
  const refused = (reason: string): OperationRead => {
    state.operationUrlDropped = `refused: ${reason}`;
    i.report(new Error(`operation URL not polled (no ARM token sent): ${reason}`), 'lro-origin');
    return { kind: 'none' };
  };
  const first = trustedOperationUrl(saved.config.operationLocation!, i.endpoint);
  if (!first.ok) return refused(first.reason);

  let last: { body: { error?: ArmError }; retryAfterSeconds?: number } | undefined;
  let untrusted: string | undefined;
  const poller = createHttpPoller<unknown, PollState>({
    sendInitialRequest: () => Promise.reject(new Error('the watcher only resumes operations')),
    sendPollRequest: async (url) => {
      const check = trustedOperationUrl(url, i.endpoint);
      if (!check.ok) {
        untrusted = check.reason;
        throw new Error(`operation URL not polled (no ARM token sent): ${check.reason}`);
      }
      const r = await send(i.client, i.http, check.url);
      last = { body: r.rawResponse.body as { error?: ArmError }, retryAfterSeconds: parseRetryAfter(r.rawResponse.headers['retry-after']) };
      return r;
    },
  }, { restoreFrom: JSON.stringify({ state: saved }), resolveOnUnsuccessful: true, processResult: async (r) => r });
  try {
    const s = await poller.poll();
    state.operationFailures = 0;
    // Kept while it runs (a moved operation URL is followed from there); an ended status is read
    // again on the next poll, with its error, should the end not be recorded yet (notifier down).
    if (s.status === 'running' || s.status === 'notStarted') state.pollerState = JSON.stringify({ state: { status: s.status, config: s.config } });
    return { kind: 'read', v: { status: armStatus(s.status), ...(last?.body.error ? { error: last.body.error } : {}),
      ...(last?.retryAfterSeconds !== undefined ? { retryAfterSeconds: last.retryAfterSeconds } : {}) } };
  } catch (e) {
    if (untrusted) return refused(untrusted);
    const f = describeFailure(e);
    if (f.status === 404 || f.status === 410) {
      state.operationUrlDropped = `the operation URL answered ${f.status} (expired or gone)`;
      i.report(e, 'lro-gone');
      return { kind: 'none' };
    }
    state.operationFailures += 1;
    if (state.operationFailures >= i.failureLimit) {
      state.operationUrlDropped = `the operation URL failed ${state.operationFailures} times in a row (last: ${f.message})`;
      i.report(e, 'lro-dropped');
      return { kind: 'none' };
    }
    return { kind: 'failed', e };
  }
}

/** The saved poller state, ready to resume (the final GET of the resource left out: the watcher
 * reads the cluster itself), or why it cannot be. */
function restorable(serialized: string | undefined): PollState | string {
  if (!serialized) return 'no poller state was recorded';
  let s: PollState | undefined;
  try {
    s = deserializeState(serialized) as PollState | undefined;
  } catch {
    return 'the saved poller state is unreadable';
  }
  if (!s?.config?.operationLocation) return 'the saved poller state has no operation URL';
  const config = { ...s.config };
  delete config.resourceLocation;
  return { status: s.status, config };
}

/** One poll request through the client's pipeline (ARM token, retry policy). */
async function send(client: ContainerServiceClient, http: HttpClient, url: string): Promise<OperationResponse> {
  const res = await client.pipeline.sendRequest(http, createPipelineRequest({ url, method: 'GET' }));
  if (res.status !== 200 && res.status !== 201 && res.status !== 202) {
    throw Object.assign(new Error(`operation status answered ${res.status}`), {
      statusCode: res.status, response: { headers: { 'retry-after': res.headers.get('retry-after') ?? undefined } },
    });
  }
  let body: unknown = {};
  try {
    body = res.bodyAsText ? JSON.parse(res.bodyAsText) : {};
  } catch {
    throw new Error(`operation status answered ${res.status} with a body that is not JSON`);
  }
  const headers = Object.fromEntries([...res.headers].map(([k, v]) => [k.toLowerCase(), v]));
  return { flatResponse: body, rawResponse: { statusCode: res.status, headers, body, request: { method: 'GET', url } } };
}

function armStatus(s: OperationState<unknown>['status']): string {
  switch (s) {
    case 'succeeded': return 'Succeeded';
    case 'failed': return 'Failed';
    case 'canceled': return 'Canceled';
    default: return 'InProgress';
  }
}
