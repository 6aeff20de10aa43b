// @kubernetes/client-node API clients over a ClusterKubeconfig: every request gets a deadline
// (connect + response + body) and, for Entra ID clusters, a bearer token asked from the TokenSource
// per request. The kubeconfig's own authentication (TLS CA, client certificate, static token) applies.
// One keep-alive HTTPS agent per API server: client-node builds a fresh agent for every request,
// which opened a new TLS connection per call. Its connections share one TLS secure context per
// distinct CA / client certificate (Node parses them again for every connection otherwise).
import { createHash } from 'node:crypto';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import {
  CoreV1Api, NetworkingV1Api, PolicyV1Api, VersionApi, createConfiguration, ServerConfiguration,
  type Configuration, type RequestContext, type SecurityAuthentication,
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
  /** The clients' configuration (server, authentication, HTTP library), for requests read raw (reader.ts). */
  configuration: Configuration;
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

/** TLS settings that make two agents interchangeable. */
const TLS_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'] as const;
type TlsAgent = HttpsAgent & { options: AgentOptions };

/** Same TLS setting: client-node reads the CA and certificates into new Buffers for every request. */
function sameSetting(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameSetting(x, b[i]));
  return a === b;
}

/** Clusters whose agent is kept (the least recently used is dropped first). */
const MAX_AGENTS = 256;
/** An idle kept-alive connection closes after this many ms (longer than any call's deadline). */
const IDLE_SOCKET_MS = 30_000;
/** One kept-alive agent per API server, shared by every session of that cluster (a snapshot builds
 * new clients each time; the connections outlive it). */
const agents = new Map<string, TlsAgent>();

/** The parts of the TLS settings a secure context is made of. */
const CONTEXT_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase'] as const;
/** Secure contexts by a hash of their material (at most MAX_AGENTS, least recently used dropped). */
const contexts = new Map<string, SecureContext>();

function material(value: unknown): string {
  if (Array.isArray(value)) return value.map(material).join('\u0000');
  return value === undefined || value === null ? '' : Buffer.isBuffer(value) ? value.toString('base64') : String(value);
}

/** One secure context per distinct CA / client certificate, shared by every connection that uses it. */
function secureContextFor(opts: AgentOptions): SecureContext {
  const hash = createHash('sha256');
  for (const k of CONTEXT_KEYS) hash.update(`${k}=${material(opts[k])}\u0001`);
  const id = hash.digest('hex');
  let context = contexts.get(id);
  contexts.delete(id);
  context ??= createSecureContext({ ca: opts.ca, cert: opts.cert, key: opts.key, pfx: opts.pfx, passphrase: opts.passphrase });
  contexts.set(id, context);
  if (contexts.size > MAX_AGENTS) contexts.delete(contexts.keys().next().value as string);
  return context;
}

/** Swaps the one-off agent client-node put on a request for the API server's kept-alive one, rebuilt
 * only when the TLS settings change (e.g. a rotated client certificate). Proxy and plain-HTTP agents
 * are left alone. A replaced agent is not destroyed: requests still on it finish, its idle sockets close. */
function reuseAgent(server: string, context: RequestContext): void {
  const fresh = context.getAgent();
  if (!fresh || fresh.constructor !== HttpsAgent) return;
  const opts = (fresh as TlsAgent).options;
  let shared = agents.get(server);
  agents.delete(server);
  if (!shared || TLS_KEYS.some((k) => !sameSetting(shared!.options[k], opts[k]))) {
    shared = new HttpsAgent({ ...opts, secureContext: secureContextFor(opts), keepAlive: true, maxSockets: 16, timeout: IDLE_SOCKET_MS }) as TlsAgent;
  }
  agents.set(server, shared);
  if (agents.size > MAX_AGENTS) agents.delete(agents.keys().next().value as string);
  context.setAgent(shared);
}

/** Builds the API clients; no request is sent until a method is called. */
export function createKubeApis(config: ClusterKubeconfig, options: KubeClientOptions = {}): KubeApis {
  const kc = config.kubeConfig;
  const timeoutMs = options.timeoutMs ?? KUBE_CALL_TIMEOUT_MS;
  const auth: SecurityAuthentication = {
    getName: () => 'netpilot',
    async applySecurityAuthentication(context: RequestContext) {
      await kc.applySecurityAuthentication(context);
      reuseAgent(config.server, context);
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
    configuration,
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
