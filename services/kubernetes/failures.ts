// Why a Kubernetes read failed, in one line that says which failure it was (auth, DNS, timeout,
// private endpoint, 401/403, runCommand) and what to do, naming Azure roles and actions that exist.
// These lines become the `unavailable` reasons that fail-closed checks show as blockers.
import type { ApiServerAccess, EntraProfile, UnavailableKind } from '../cluster/types.ts';
import { KubeconfigError, type KubeAuth } from './kubeconfig.ts';
import { describeFailure } from '../retry/failure.ts';
import { KubeTokenError } from './token.ts';

/** The role that allows listClusterUserCredential (a role that really exists; Reader does not allow it). */
export const CLUSTER_USER_ROLE = 'Azure Kubernetes Service Cluster User Role';
/** The built-in data-plane reader for Azure RBAC clusters (namespaced objects; nodes are not in it). */
export const RBAC_READER_ROLE = 'Azure Kubernetes Service RBAC Reader';
/** The Azure RBAC data action to list nodes (cluster-scoped; not part of the RBAC Reader role). */
export const NODES_READ_ACTION = 'Microsoft.ContainerService/managedClusters/nodes/read';
/** The ARM action the runCommand fallback needs. */
export const RUN_COMMAND_ACTION = 'Microsoft.ContainerService/managedClusters/runCommand/action';
/** The ARM action to read a runCommand's result. */
export const COMMAND_RESULTS_ACTION = 'Microsoft.ContainerService/managedClusters/commandResults/read';

/** Which kind of failure it was. */
export type KubeFailureKind =
  | 'kubeconfig' | 'token' | 'unauthorized' | 'forbidden' | 'dns' | 'timeout' | 'refused' | 'tls'
  | 'throttled' | 'http' | 'credentials' | 'run-command' | 'other';

/** What the reason may mention about the cluster and NetPilot's settings. */
export interface KubeFailureContext {
  /** The API server URL from the kubeconfig. */
  server?: string;
  auth?: KubeAuth;
  access?: ApiServerAccess;
  entra?: EntraProfile;
  /** `NETPILOT_RUN_COMMAND`. */
  runCommand?: boolean;
}

const TLS_CODES = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_SIGNATURE_FAILURE|ERR_SSL_.*)$/;

/** Sorts an error into a KubeFailureKind. */
export function classifyKubeFailure(err: unknown): KubeFailureKind {
  if (err instanceof KubeconfigError) return 'kubeconfig';
  if (err instanceof KubeTokenError) return 'token';
  const f = describeFailure(err);
  if (f.status === 401) return 'unauthorized';
  if (f.status === 403) return 'forbidden';
  if (f.status === 429) return 'throttled';
  if (f.status !== undefined) return 'http';
  const code = f.networkCode ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EPIPE') return 'refused';
  if (TLS_CODES.test(code)) return 'tls';
  return 'other';
}

/** The snapshot's coarser kind of a failure: only `forbidden` is fixed with Kubernetes read permissions. */
export function unavailableKind(kind: KubeFailureKind): UnavailableKind {
  switch (kind) {
    case 'forbidden': return 'forbidden';
    case 'credentials': return 'credentials';
    case 'token': case 'unauthorized': return 'auth';
    case 'dns': case 'timeout': case 'refused': case 'tls': return 'unreachable';
    case 'kubeconfig': return 'kubeconfig';
    case 'run-command': return 'run-command';
    default: return 'other';
  }
}

/** True when the failure means the API server did not answer at all (so runCommand may help). */
export function isUnreachable(kind: KubeFailureKind): boolean {
  return kind === 'dns' || kind === 'timeout' || kind === 'refused';
}

/** The `message` of a Kubernetes `Status` or ARM error body, when the error carries one. */
export function statusMessage(err: unknown): string | undefined {
  const body = (err as { body?: unknown } | undefined)?.body;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try { parsed = JSON.parse(body); } catch { return body.length > 0 && body.length < 300 ? body : undefined; }
  }
  if (parsed && typeof parsed === 'object') {
    const p = parsed as { message?: unknown; error?: { message?: unknown } };
    if (typeof p.message === 'string') return p.message;
    if (typeof p.error?.message === 'string') return p.error.message;
  }
  return undefined;
}

/** A one-line detail of an error: the Status / ARM message, else client-node's `Message:` line, else the first line. */
export function errorDetail(err: unknown): string {
  const fromBody = statusMessage(err);
  if (fromBody) return fromBody;
  const message = describeFailure(err).message;
  const line = /^Message: (.+)$/m.exec(message)?.[1] ?? message.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

function host(server: string | undefined): string {
  if (!server) return 'the API server';
  try { return new URL(server).host; } catch { return server; }
}

/** How to get past an API server NetPilot cannot reach, for this cluster's access profile. */
export function reachHint(ctx: KubeFailureContext): string {
  const access = ctx.access;
  const viaRunCommand = ctx.runCommand === false
    ? `set NETPILOT_RUN_COMMAND=1 so NetPilot reads it through AKS runCommand (needs ${RUN_COMMAND_ACTION} and ${COMMAND_RESULTS_ACTION})`
    : `let NetPilot read it through AKS runCommand (needs ${RUN_COMMAND_ACTION} and ${COMMAND_RESULTS_ACTION}${access?.runCommandDisabled ? '; runCommand is disabled on this cluster (apiServerAccessProfile.disableRunCommand)' : ''})`;
  if (access?.privateCluster) {
    return `The API server is private (apiServerAccessProfile.enablePrivateCluster): run NetPilot in a network that reaches its private endpoint and resolves its private DNS zone (e.g. a VNet peered with the cluster's), or ${viaRunCommand}.`;
  }
  if (access && access.authorizedIpRanges.length > 0) {
    return `The API server accepts only its authorized IP ranges (${access.authorizedIpRanges.join(', ')}): add NetPilot's outbound IP to apiServerAccessProfile.authorizedIPRanges, or ${viaRunCommand}.`;
  }
  return 'Check that NetPilot\'s host can resolve and reach the API server on port 443 (DNS, firewall, proxy).';
}

function forbiddenHint(ctx: KubeFailureContext): string {
  if (ctx.entra?.azureRbac) {
    return `Grant NetPilot's identity "${RBAC_READER_ROLE}" on the cluster (config maps, network policies, PDBs) and a role with ${NODES_READ_ACTION} for nodes, or bind it in Kubernetes RBAC to a ClusterRole that can list them.`;
  }
  if (ctx.auth?.kind === 'entra') {
    return 'Bind NetPilot\'s identity (its Entra object id) to a Kubernetes ClusterRole that can list nodes, config maps in kube-system, network policies and pod disruption budgets.';
  }
  return 'Grant NetPilot\'s identity (the kubeconfig\'s cluster user) a Kubernetes ClusterRole that can list nodes, config maps in kube-system, network policies and pod disruption budgets.';
}

/** One line: `<what>: <which failure>: <detail>. <what to do>`. */
export function kubeFailureReason(err: unknown, what: string, ctx: KubeFailureContext = {}): string {
  const kind = classifyKubeFailure(err);
  const f = describeFailure(err);
  const detail = errorDetail(err);
  const api = host(ctx.server);
  switch (kind) {
    case 'kubeconfig': {
      const e = err as KubeconfigError;
      return `${what}: kubeconfig refused: ${e.message}. ${e.hint ?? ''}`.trim();
    }
    case 'token':
      return `${what}: authentication failed: ${f.message}. Check NetPilot's Azure identity (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET or the managed identity) can get tokens in the cluster's tenant.`;
    case 'unauthorized':
      return ctx.auth?.kind === 'entra'
        ? `${what}: the API server refused NetPilot's Entra ID token (401): ${detail}. The token must be issued for server id ${ctx.auth.serverId} in the cluster's tenant; check AZURE_TENANT_ID and that the cluster's Entra integration is in that tenant.`
        : `${what}: the API server refused the kubeconfig credentials (401): ${detail}. The cluster's user credentials may have been rotated: try again; if it persists, check the cluster's local accounts (disableLocalAccounts) and credentials.`;
    case 'forbidden':
      return `${what}: forbidden (403): ${detail}. ${forbiddenHint(ctx)}`;
    case 'throttled':
      return `${what}: throttled (429) after retries: ${detail}. Try again in a minute.`;
    case 'http':
      return `${what}: HTTP ${f.status}: ${detail}`;
    case 'dns':
      return `${what}: DNS: cannot resolve ${api} (${f.networkCode}). ${reachHint(ctx)}`;
    case 'timeout':
      return `${what}: timeout: ${api} did not answer (${f.message}). ${reachHint(ctx)}`;
    case 'refused':
      return `${what}: unreachable (${f.networkCode}): ${api}: ${f.message}. ${reachHint(ctx)}`;
    case 'tls':
      return `${what}: TLS verification of ${api} failed (${f.networkCode}): ${f.message}. Fetch the credentials again; the kubeconfig's certificate authority must match the API server.`;
    default:
      return `${what}: ${f.message}`;
  }
}
