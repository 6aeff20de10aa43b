// ARM requests retry inside the Azure SDK pipeline (per request, so paging, LROs, spans per attempt
// and the read deadline keep working), but by NetPilot's one set of rules (services/retry): the
// SDK's default retry policy is replaced by core-rest-pipeline's `retryPolicy` with a strategy that
// asks `isRetryable` and waits `retryDelayMs` (Retry-After capped, else jittered backoff).
import { retryPolicy, type Pipeline, type PipelineResponse, type RetryStrategy } from '@azure/core-rest-pipeline';
import { describeFailure, isRetryable, type FailureInfo } from '../retry/failure.ts';
import { retryDelayMs } from '../retry/retry.ts';

/** Retry settings of the ARM pipelines (the SDK's option names, kept for callers). */
export interface ArmRetryOptions {
  /** Retries after the first try (default 3, as the SDK). */
  maxRetries?: number;
  /** First backoff in ms without Retry-After (default 1 s). */
  retryDelayInMs?: number;
  /** Longest single wait in ms, Retry-After included (default 64 s). */
  maxRetryDelayInMs?: number;
}

/** The failure facts of an HTTP response (status and Retry-After headers). */
export function responseFailure(response: PipelineResponse): FailureInfo {
  return describeFailure({ statusCode: response.status, headers: response.headers, message: `HTTP ${response.status}` });
}

/** A core-rest-pipeline retry strategy over the one helper's rules. */
export function armRetryStrategy(options: ArmRetryOptions = {}): RetryStrategy {
  const delays = { baseDelayMs: options.retryDelayInMs ?? 1000, maxDelayMs: options.maxRetryDelayInMs ?? 64_000 };
  return {
    name: 'netpilotRetryStrategy',
    retry({ retryCount, response, responseError }) {
      const failure = responseError ? describeFailure(responseError) : response ? responseFailure(response) : undefined;
      if (!failure || !isRetryable(failure)) return { skipStrategy: true };
      return { retryAfterInMs: retryDelayMs(failure, retryCount + 1, delays) };
    },
  };
}

/** Name of the SDK's default retry policy (core-rest-pipeline `defaultRetryPolicyName`). */
const SDK_RETRY_POLICY = 'defaultRetryPolicy';

/** Swaps a client pipeline's default retry policy for NetPilot's (same phase, so per-retry
 * policies still run once per attempt). `maxRetries: 0` sends once. */
export function useArmRetry(pipeline: Pipeline, options: ArmRetryOptions = {}): void {
  const removed = pipeline.removePolicy({ name: SDK_RETRY_POLICY });
  // Fail loudly if the SDK renames its policy: two retry policies would multiply the tries.
  if (removed.length !== 1) throw new Error(`expected one ${SDK_RETRY_POLICY} in the ARM pipeline, found ${removed.length}`);
  pipeline.addPolicy(retryPolicy([armRetryStrategy(options)], { maxRetries: options.maxRetries ?? 3 }), { phase: 'Retry' });
}
