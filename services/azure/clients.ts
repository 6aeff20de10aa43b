// Azure clients for one ARM endpoint: the real @azure/arm-* SDK clients, one per subscription, with
// the credential injected and, for the emulator, its CA trusted through the clients' TLS options.
// The SDK pipelines keep every default policy (bearer token over HTTPS) except the retry policy,
// which is NetPilot's one set of retry rules (retry-strategy.ts over services/retry).
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { NetworkManagementClient } from '@azure/arm-network';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { createPipelineRequest, RestError, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { UserError } from '../cluster/errors.ts';
import type { AzureEnvironment } from '../config.ts';
import type { KubeAccessSettings } from '../kubernetes/aks-reader.ts';
import { telemetryPolicy } from '../telemetry/azure-policy.ts';
import { readDeadlinePolicy, throttleDeadlinePolicy } from './read-deadline.ts';
import { useArmRetry, type ArmRetryOptions } from './retry-strategy.ts';

/** What the clients need: endpoint, scope, credential, and optionally a CA to trust. */
export interface AzureClientsOptions {
  /** ARM endpoint, e.g. `https://management.azure.com` or the emulator URL. */
  endpoint: string;
  /** Token scope, e.g. `https://management.azure.com/.default`. */
  scope: string;
  credential: TokenCredential;
  /** Extra CA certificate (PEM) to trust, e.g. the emulator's. */
  caPem?: string;
  retry?: ArmRetryOptions;
  /** How Kubernetes APIs are reached (runCommand fallback, deadlines); the credential is this one's. */
  kubernetes?: Omit<KubeAccessSettings, 'credential'>;
}

/** One subscription as `GET /subscriptions` lists it. */
export interface SubscriptionInfo {
  subscriptionId: string;
  displayName?: string;
  state?: string;
}

/** What a client is for: `read` retries (429 Retry-After, 5xx, network); `write` never retries;
 * `interactive` is a read whose caller retries itself within its own deadline (a chat turn). */
export type ClientPurpose = 'read' | 'write' | 'interactive';

/** The ARM clients of one endpoint; per-subscription clients are created once and cached. */
export interface AzureClients {
  endpoint: string;
  /** CA PEM trusted in addition to the system store (emulator mode). */
  caPem?: string;
  /** AKS client; pass `'write'` for PUT/POST that must never be repeated by the pipeline (domain notes §5). */
  containerService(subscriptionId: string, purpose?: ClientPurpose): ContainerServiceClient;
  network(subscriptionId: string): NetworkManagementClient;
  /** Every subscription the credential can see (`GET /subscriptions`, all pages). */
  listSubscriptions(): Promise<SubscriptionInfo[]>;
  /** The credential of these clients (ARM); also gives Entra ID tokens for Kubernetes API servers. */
  credential: TokenCredential;
  /** How Kubernetes APIs are reached: this credential, `NETPILOT_RUN_COMMAND`, deadlines. */
  kubeAccess: KubeAccessSettings;
  /** Calls `listener` with the resource path (lower case) of every write sent through these clients
   * (PUT, PATCH, DELETE, state-changing POST), before it is sent; returns the unsubscribe. */
  onWrite?(listener: (resourcePath: string) => void): () => void;
}

/** POST actions that only read (credentials, runCommand and its result): they never invalidate a cache. */
const READ_ONLY_POST = /\/(listclusterusercredential|listclusteradmincredential|listclustermonitoringusercredential|runcommand|commandresults\/[^/]+)$/;

/** True when a request with `method` to `path` (lower case) changes a resource. */
export function isWrite(method: string, path: string): boolean {
  const m = method.toUpperCase();
  if (m === 'PUT' || m === 'PATCH' || m === 'DELETE') return true;
  return m === 'POST' && !READ_ONLY_POST.test(path);
}

/** The resource (token audience) of a scope: the scope without its `/.default` suffix. */
export function scopeResource(scope: string): string {
  return scope.endsWith('/.default') ? scope.slice(0, -'/.default'.length) : scope;
}

/** Tokens for the emulator: unsigned JWTs (`alg: none`) whose `aud` is the requested scope's
 * resource, so an audience mistake fails against the emulator exactly as against Entra ID and ARM.
 * Never used against Azure (Azure rejects unsigned tokens). */
export class EmulatorTokenCredential implements TokenCredential {
  constructor(private readonly claims: { tenantId?: string; objectId?: string; lifetimeMs?: number } = {}) {}

  /** An unsigned JWT for the first scope, valid for `lifetimeMs` (default one hour) from now. */
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes[0] : scopes;
    if (!scope) throw new Error('EmulatorTokenCredential.getToken: no scope given');
    const now = Date.now();
    const expiresOnTimestamp = now + (this.claims.lifetimeMs ?? 3_600_000);
    const segment = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const payload = {
      aud: scopeResource(scope),
      iss: `https://sts.windows.net/${this.claims.tenantId ?? EMULATOR_TENANT_ID}/`,
      iat: Math.floor(now / 1000),
      nbf: Math.floor(now / 1000),
      exp: Math.floor(expiresOnTimestamp / 1000),
      tid: this.claims.tenantId ?? EMULATOR_TENANT_ID,
      oid: this.claims.objectId ?? EMULATOR_OBJECT_ID,
    };
    return { token: `${segment({ alg: 'none', typ: 'JWT' })}.${segment(payload)}.`, expiresOnTimestamp };
  }
}

const EMULATOR_TENANT_ID = '3c0e4a1b-6d2f-4e8a-9b7c-5d1f2e3a4b6c';
const EMULATOR_OBJECT_ID = '00000000-0000-0000-0000-00000000e1e1';

/** `AZURE_CLIENT_ID`, `AZURE_TENANT_ID`, `AZURE_CLIENT_SECRET` as the config loader read them. */
export interface AzureIdentitySettings { clientId?: string; tenantId?: string; clientSecret?: string }

/** The @azure/identity constructors `createDefaultCredential` uses (injectable for tests). */
export interface CredentialConstructors {
  ClientSecretCredential: new (tenantId: string, clientId: string, clientSecret: string, options: { authorityHost: string }) => TokenCredential;
  DefaultAzureCredential: new (options: { authorityHost: string; tenantId?: string; managedIdentityClientId?: string; workloadIdentityClientId?: string }) => TokenCredential;
}

/** Authority host of each cloud (the values of @azure/identity's AzureAuthorityHosts). */
const AUTHORITY_HOSTS: Record<AzureEnvironment, string> = {
  AzureCloud: 'https://login.microsoftonline.com',
  AzureUSGovernment: 'https://login.microsoftonline.us',
  AzureChinaCloud: 'https://login.chinacloudapi.cn',
};

/** The Azure credential for the given cloud and identity settings: a service principal
 *  (`ClientSecretCredential`) when a secret is given, else `DefaultAzureCredential` with the client id
 *  as the managed / workload identity and the tenant (managed identity in production). The settings
 *  come from the config (also from `.env`), not from process.env. @azure/identity is loaded lazily:
 *  demo mode never needs it. */
export async function createDefaultCredential(
  environment: AzureEnvironment, identity: AzureIdentitySettings = {}, constructors?: CredentialConstructors,
): Promise<TokenCredential> {
  const ctors: CredentialConstructors = constructors ?? await import('@azure/identity');
  const authorityHost = AUTHORITY_HOSTS[environment];
  if (identity.clientSecret) {
    const missing = [identity.clientId ? '' : 'AZURE_CLIENT_ID', identity.tenantId ? '' : 'AZURE_TENANT_ID'].filter(Boolean);
    if (missing.length > 0) {
      throw new UserError('AzureIdentityIncomplete', `${missing.join(' and ')}: required when AZURE_CLIENT_SECRET is set (a service principal signs in to its tenant)`,
        'Set AZURE_CLIENT_ID and AZURE_TENANT_ID of the service principal, or remove AZURE_CLIENT_SECRET to use a managed identity.');
    }
    return new ctors.ClientSecretCredential(identity.tenantId!, identity.clientId!, identity.clientSecret, { authorityHost });
  }
  return new ctors.DefaultAzureCredential({
    authorityHost,
    ...(identity.tenantId ? { tenantId: identity.tenantId } : {}),
    ...(identity.clientId ? { managedIdentityClientId: identity.clientId, workloadIdentityClientId: identity.clientId } : {}),
  });
}

const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

/** Builds the ARM clients for one endpoint. */
export function createAzureClients(options: AzureClientsOptions): AzureClients {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const tlsOptions = options.caPem ? { ca: options.caPem } : undefined;
  // Throttled reads wait their Retry-After and go again; a busy subscription can refuse several in a row
  // (a fleet scan competes with itself for the read budget), so reads get more attempts than the default.
  const retryOptions = { maxRetries: 10, maxRetryDelayInMs: 60_000, ...options.retry };
  // Reads honour a caller's read deadline (read-deadline.ts; no effect outside one). Writes never do.
  // One span per attempt (telemetry/azure-policy.ts) on every client, reads and writes.
  const spanPolicies = [{ policy: telemetryPolicy, position: 'perRetry' as const }];
  const readPolicies = [
    { policy: readDeadlinePolicy, position: 'perCall' as const },
    { policy: throttleDeadlinePolicy, position: 'perRetry' as const },
    ...spanPolicies,
  ];
  const writeListeners = new Set<(resourcePath: string) => void>();
  // Tells caches (cluster-directory.ts) about every write before it leaves, whatever client sends it.
  const writeNotifier: PipelinePolicy = {
    name: 'netpilotWriteNotifier',
    sendRequest(request, next) {
      const path = new URL(request.url).pathname.toLowerCase();
      if (writeListeners.size > 0 && isWrite(request.method, path)) for (const l of writeListeners) l(path);
      return next(request);
    },
  };
  const notify = { policy: writeNotifier, position: 'perCall' as const };
  const aks = new Map<string, ContainerServiceClient>();
  const net = new Map<string, NetworkManagementClient>();

  const containerService = (subscriptionId: string, purpose: ClientPurpose = 'read'): ContainerServiceClient => {
    const key = `${purpose}|${subscriptionId.toLowerCase()}`;
    let client = aks.get(key);
    if (!client) {
      client = new ContainerServiceClient(options.credential, subscriptionId, {
        endpoint,
        credentials: { scopes: [options.scope] },
        tlsOptions,
        additionalPolicies: purpose === 'write' ? [notify, ...spanPolicies] : [notify, ...readPolicies],
      });
      // A write is sent once: a 429/5xx on a PUT goes back to the caller, never into a retry loop.
      useArmRetry(client.pipeline, purpose === 'read' ? retryOptions : { maxRetries: 0 });
      aks.set(key, client);
    }
    return client;
  };

  const network = (subscriptionId: string): NetworkManagementClient => {
    const key = subscriptionId.toLowerCase();
    let client = net.get(key);
    if (!client) {
      client = new NetworkManagementClient(options.credential, subscriptionId, {
        endpoint,
        credentialScopes: [options.scope],
        tlsOptions,
        additionalPolicies: [notify, ...readPolicies],
      });
      useArmRetry(client.pipeline, retryOptions);
      net.set(key, client);
    }
    return client;
  };

  // A client used only for its pipeline (bearer token, TLS, retries) to send `GET /subscriptions`.
  let pipelineClient: NetworkManagementClient | undefined;
  const listSubscriptions = async (): Promise<SubscriptionInfo[]> => {
    if (!pipelineClient) {
      pipelineClient = new NetworkManagementClient(options.credential, '00000000-0000-0000-0000-000000000000', {
        endpoint, credentialScopes: [options.scope], tlsOptions, additionalPolicies: spanPolicies,
      });
      useArmRetry(pipelineClient.pipeline, retryOptions);
    }
    const found: SubscriptionInfo[] = [];
    let url: string | undefined = `${endpoint}/subscriptions?api-version=${SUBSCRIPTIONS_API_VERSION}`;
    for (let page = 0; url && page < 1000; page++) {
      const response = await pipelineClient.sendRequest(createPipelineRequest({ url, method: 'GET' }));
      const body = response.bodyAsText ? (JSON.parse(response.bodyAsText) as SubscriptionListBody) : {};
      if (response.status !== 200) {
        throw new RestError(body.error?.message ?? `GET /subscriptions answered ${response.status}`,
          { statusCode: response.status, code: body.error?.code, request: response.request, response });
      }
      for (const s of body.value ?? []) {
        if (s.subscriptionId) found.push({ subscriptionId: s.subscriptionId, displayName: s.displayName, state: s.state });
      }
      url = body.nextLink ?? undefined;
    }
    return found;
  };

  return {
    endpoint, caPem: options.caPem, containerService, network, listSubscriptions, credential: options.credential,
    kubeAccess: { runCommand: true, ...options.kubernetes, credential: options.credential },
    onWrite(listener) {
      writeListeners.add(listener);
      return () => writeListeners.delete(listener);
    },
  };
}

interface SubscriptionListBody {
  value?: { subscriptionId?: string; displayName?: string; state?: string }[];
  nextLink?: string | null;
  error?: { code?: string; message?: string };
}
