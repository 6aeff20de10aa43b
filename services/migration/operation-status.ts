// Reads an operation's status URL for the watcher, under the rules of operation-url.ts (the ARM
// token goes only to the configured ARM endpoint). A 404/410, too many consecutive failures or an
// untrusted origin drop the URL for good: the watcher then reads the cluster instead.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
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
}

/** `read`: a status; `none`: the URL is not (or no longer) read; `failed`: a transient failure. */
export type OperationRead = { kind: 'read'; v: LroRead } | { kind: 'none' } | { kind: 'failed'; e: unknown };

/** What one read needs. */
export interface OperationReadInput {
  client: ContainerServiceClient;
  http: HttpClient;
  op: OperationRecord;
  /** Updated in place (failures, drop reason). */
  state: OperationUrlState;
  /** The configured ARM endpoint. */
  endpoint: string | undefined;
  /** Consecutive failures before the URL is dropped. */
  failureLimit: number;
  report(err: unknown, stage: string): void;
}

/** Reads the operation URL unless it was dropped; drops it on 404/410, `failureLimit` failures or an untrusted origin. */
export async function readOperationStatus(i: OperationReadInput): Promise<OperationRead> {
  const { op, state } = i;
  if (!op.asyncOperationUrl) {
    state.operationUrlDropped ??= 'no operation URL was recorded';
    return { kind: 'none' };
  }
  if (state.operationUrlDropped) return { kind: 'none' };
  const check = trustedOperationUrl(op.asyncOperationUrl, op.armEndpoint, i.endpoint);
  if (!check.ok) {
    state.operationUrlDropped = `refused: ${check.reason}`;
    i.report(new Error(`operation URL not polled (no ARM token sent): ${check.reason}`), 'lro-origin');
    return { kind: 'none' };
  }
  try {
    const v = await fetchOperation(i.client, i.http, check.url);
    state.operationFailures = 0;
    return { kind: 'read', v };
  } catch (e) {
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

async function fetchOperation(client: ContainerServiceClient, http: HttpClient, url: string): Promise<LroRead> {
  const res = await client.pipeline.sendRequest(http, createPipelineRequest({ url, method: 'GET' }));
  const retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after') ?? undefined);
  if (res.status === 200) {
    const body = JSON.parse(res.bodyAsText ?? '{}') as { status?: string; error?: ArmError };
    return { status: body.status ?? 'Unknown', error: body.error, retryAfterSeconds };
  }
  throw Object.assign(new Error(`operation status answered ${res.status}`), {
    statusCode: res.status, response: { headers: { 'retry-after': res.headers.get('retry-after') ?? undefined } },
  });
}
