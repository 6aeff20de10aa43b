// @kubernetes/client-node API clients over a ClusterKubeconfig: every request gets a deadline
// (connect + response + body) and, for Entra ID clusters, a bearer token asked from the TokenSource
// per request. The kubeconfig's own authentication (TLS CA, client certificate, static token) applies.
import {
  CoreV1Api, NetworkingV1Api, PolicyV1Api, VersionApi, createConfiguration, ServerConfiguration,
  type RequestContext, type SecurityAuthentication,
} from '@kubernetes/client-node';
import { clientSpan } from '../telemetry/spans.ts';
import type { ClusterKubeconfig } from './kubeconfig.ts';
import type { TokenSource } from './token.ts';

/** Default deadline of one Kubernetes call (connect, answer and body), in ms. */
export const KUBE_CALL_TIMEOUT_MS = 10_000;

/** The API groups NetPilot reads. */
export interface KubeApis {
  core: CoreV1Api;
  networking: NetworkingV1Api;
  policy: PolicyV1Api;
  version: VersionApi;
}

/** Options of `createKubeApis`. */
export interface KubeClientOptions {
  /** Bearer token per request (Entra ID clusters); overrides any kubeconfig token. */
  token?: TokenSource;
  /** Deadline of each call in ms (default 10 s). */
  timeoutMs?: number;
}

/** A call that hit its deadline; `code` ETIMEDOUT so retries and messages treat it as a timeout. */
export class KubeTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`no answer within ${Math.round(timeoutMs / 100) / 10} s`);
    this.name = 'KubeTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** Builds the API clients; no request is sent until a method is called. */
export function createKubeApis(config: ClusterKubeconfig, options: KubeClientOptions = {}): KubeApis {
  const kc = config.kubeConfig;
  const timeoutMs = options.timeoutMs ?? KUBE_CALL_TIMEOUT_MS;
  const auth: SecurityAuthentication = {
    getName: () => 'netpilot',
    async applySecurityAuthentication(context: RequestContext) {
      await kc.applySecurityAuthentication(context);
      if (options.token) context.setHeaderParam('Authorization', `Bearer ${await options.token()}`);
      context.setSignal(AbortSignal.timeout(timeoutMs));
    },
  };
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(config.server, {}),
    authMethods: { default: auth },
  });
  return {
    core: new CoreV1Api(configuration),
    networking: new NetworkingV1Api(configuration),
    policy: new PolicyV1Api(configuration),
    version: new VersionApi(configuration),
  };
}

/** Runs one call in a span (`kubernetes <what>`: status, throttled), turning an aborted request
 * (deadline) into a KubeTimeoutError. */
export async function timed<T>(call: () => Promise<T>, timeoutMs = KUBE_CALL_TIMEOUT_MS, what = 'call'): Promise<T> {
  try {
    // The client returns bodies only: a call that answered is a 2xx; failures carry their status.
    return await clientSpan(`kubernetes ${what}`, { 'netpilot.kubernetes.call': what }, call, () => 200);
  } catch (err) {
    const e = err as { name?: unknown; type?: unknown } | undefined;
    if (e && (e.name === 'AbortError' || e.name === 'TimeoutError' || e.type === 'aborted')) throw new KubeTimeoutError(timeoutMs);
    throw err;
  }
}
