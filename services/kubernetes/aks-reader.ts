// Reads an AKS cluster's Kubernetes lists the way a real tenant allows: the cluster user kubeconfig
// from ARM (listClusterUserCredential), an Entra ID token for its server id from NetPilot's own
// TokenCredential (never kubelogin), and, for a private or IP-restricted API server that does not
// answer, AKS runCommand (NETPILOT_RUN_COMMAND). A session caches the kubeconfig, clients and the
// path that worked; the token is asked per request, so a cached session never sends a dead token.
import type { ContainerServiceClient } from '@azure/arm-containerservice';
import type { TokenCredential } from '@azure/core-auth';
import type { ApiServerAccess, EntraProfile } from '../cluster/types.ts';
import { createKubeApis, KUBE_CALL_TIMEOUT_MS, timed, type KubeApis } from './client.ts';
import {
  CLUSTER_USER_ROLE, classifyKubeFailure, errorDetail, isUnreachable, kubeFailureReason,
  type KubeFailureContext, type KubeFailureKind,
} from './failures.ts';
import { KubeconfigError, parseClusterKubeconfig, type ClusterKubeconfig } from './kubeconfig.ts';
import { KUBE_LISTS, readKubernetes, type KubeListName, type KubernetesReadResult } from './reader.ts';
import { describeFailure } from '../retry/failure.ts';
import type { RetryOptions } from '../retry/retry.ts';
import { readViaRunCommand, RunCommandError } from './run-command.ts';
import { entraTokenSource, type TokenSource } from './token.ts';

/** How NetPilot reaches clusters' Kubernetes APIs; shared by every session. */
export interface KubeAccessSettings {
  /** The same TokenCredential as ARM; gives Entra ID tokens for `<server-id>/.default`. */
  credential?: TokenCredential;
  /** `NETPILOT_RUN_COMMAND`: read an unreachable private / IP-restricted cluster through AKS runCommand. */
  runCommand: boolean;
  /** Deadline of each Kubernetes call (default 10 s). */
  timeoutMs?: number;
  /** Deadline of the reachability probe of an IP-restricted (or, without runCommand, private) API server (default 3 s). */
  probeTimeoutMs?: number;
  /** Give up on runCommand after this long (default 60 s). */
  runCommandTimeoutMs?: number;
  /** runCommand poll interval without Retry-After (default 1 s). */
  runCommandPollMs?: number;
  retry?: RetryOptions;
}

/** The cluster as the reader needs it. */
export interface AksClusterTarget {
  resourceGroup: string;
  name: string;
  /** `apiServerAccessProfile`; absent = public, unrestricted. */
  access?: ApiServerAccess;
  entra?: EntraProfile;
}

/** Which path gave (or failed to give) the lists. */
export type KubeReadPath = 'api-server' | 'run-command' | 'none';

/** A read's lists and failures, and the path it took. */
export interface AksKubernetesRead extends KubernetesReadResult {
  via: KubeReadPath;
}

/** Minimal logging (a pino logger satisfies it). */
export interface KubeLog {
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

interface Prepared {
  config: ClusterKubeconfig;
  token?: TokenSource;
  apis: KubeApis;
}

/** A cluster with an access restriction may not answer NetPilot: it is probed before a full read. */
function restricted(access: ApiServerAccess | undefined): boolean {
  return !!access && (access.privateCluster || access.authorizedIpRanges.length > 0);
}

/** One cluster's Kubernetes access; reuse it for repeated reads (progress), drop it after a failure. */
export class AksKubernetesSession {
  private prepared?: Prepared;
  private path?: 'api-server' | 'run-command';
  /** Why runCommand is used (for failure reasons). */
  private runCommandWhy = '';
  private readonly aks: ContainerServiceClient;
  private readonly target: AksClusterTarget;
  private readonly settings: KubeAccessSettings;
  private readonly log?: KubeLog;

  constructor(aks: ContainerServiceClient, target: AksClusterTarget, settings: KubeAccessSettings, log?: KubeLog) {
    this.aks = aks;
    this.target = target;
    this.settings = settings;
    this.log = log;
  }

  private context(config?: ClusterKubeconfig): KubeFailureContext {
    return { server: config?.server, auth: config?.auth, access: this.target.access, entra: this.target.entra, runCommand: this.settings.runCommand };
  }

  /** Kubeconfig from ARM, checked and parsed; the token source and clients built once. */
  private async prepare(): Promise<Prepared> {
    if (this.prepared) return this.prepared;
    const creds = await this.aks.managedClusters.listClusterUserCredentials(this.target.resourceGroup, this.target.name);
    const value = creds.kubeconfigs?.[0]?.value;
    if (!value || value.length === 0) throw new KubeconfigError('listClusterUserCredential returned no kubeconfig', 'Try again; if it persists, check the cluster in the Azure portal.');
    const config = parseClusterKubeconfig(Buffer.from(value).toString('utf8'), `the kubeconfig of ${this.target.name}`);
    let token: TokenSource | undefined;
    if (config.auth.kind === 'entra') {
      if (!this.settings.credential) throw new KubeconfigError(`cluster ${this.target.name} uses Entra ID and NetPilot has no Azure credential for it`, 'Run NetPilot with an Azure identity (see README, Running against Azure).');
      token = entraTokenSource(this.settings.credential, config.auth.serverId);
    }
    const apis = createKubeApis(config, { token, timeoutMs: this.settings.timeoutMs ?? KUBE_CALL_TIMEOUT_MS });
    this.prepared = { config, token, apis };
    return this.prepared;
  }

  /** Any HTTP answer (even 401/403/404) means the API server is reachable; a network failure means not. */
  private async probe(p: Prepared): Promise<{ reachable: true } | { reachable: false; err: unknown; kind: KubeFailureKind }> {
    const timeoutMs = this.settings.probeTimeoutMs ?? 3_000;
    const probeApis = createKubeApis(p.config, { token: p.token, timeoutMs });
    try {
      await timed(() => probeApis.version.getCode(), timeoutMs, 'version');
      return { reachable: true };
    } catch (err) {
      const kind = classifyKubeFailure(err);
      return isUnreachable(kind) ? { reachable: false, err, kind } : { reachable: true };
    }
  }

  private failAll(lists: readonly KubeListName[], reason: string, kind: KubeFailureKind, via: KubeReadPath = 'none'): AksKubernetesRead {
    return { via, lists: {}, failures: lists.map((list) => ({ list, reason, kind })) };
  }

  /** Reads the lists (default all four); never throws: failures carry their reasons. */
  async read(lists: readonly KubeListName[] = KUBE_LISTS): Promise<AksKubernetesRead> {
    let p: Prepared;
    try {
      p = await this.prepare();
    } catch (err) {
      // The credentials step failed (listClusterUserCredential, or a kubeconfig refused): not an RBAC matter.
      return this.failAll(lists, credentialsReason(err, this.context()), err instanceof KubeconfigError ? 'kubeconfig' : 'credentials');
    }
    const ctx = this.context(p.config);
    const access = this.target.access;
    const runCommandUsable = this.settings.runCommand && !access?.runCommandDisabled;
    // A private API server is reached through runCommand at once (no timeout to wait for); an
    // IP-restricted one may admit NetPilot, so it is probed first.
    if (this.path === undefined && access?.privateCluster && runCommandUsable) {
      this.path = 'run-command';
      this.runCommandWhy = 'the API server is private (apiServerAccessProfile.enablePrivateCluster)';
    }
    if (this.path === undefined && restricted(access)) {
      const probe = await this.probe(p);
      if (probe.reachable) {
        this.path = 'api-server';
      } else {
        const unreachable = kubeFailureReason(probe.err, 'Kubernetes API server', ctx);
        this.log?.warn({ cluster: this.target.name, reason: unreachable, runCommand: runCommandUsable }, 'Kubernetes API server unreachable');
        if (!runCommandUsable) return this.failAll(lists, unreachable, probe.kind);
        this.path = 'run-command';
        this.runCommandWhy = `the API server did not answer (${unreachable.replace(/^Kubernetes API server: /, '').split('. ')[0]})`;
      }
    }
    if (this.path === 'run-command') return this.viaRunCommand(p, lists, ctx);
    const read = await readKubernetes(p.config, { apis: p.apis, token: p.token, lists, retry: this.settings.retry, timeoutMs: this.settings.timeoutMs, context: ctx });
    return { ...read, via: 'api-server' };
  }

  private async viaRunCommand(p: Prepared, lists: readonly KubeListName[], ctx: KubeFailureContext): Promise<AksKubernetesRead> {
    const prefix = `Kubernetes: read through AKS runCommand because ${this.runCommandWhy}`;
    let clusterToken: string | undefined;
    try {
      clusterToken = p.token ? await p.token() : undefined;
    } catch (err) {
      return this.failAll(lists, kubeFailureReason(err, 'Kubernetes (AKS runCommand)', ctx), 'token', 'run-command');
    }
    try {
      const got = await readViaRunCommand(this.aks, this.target.resourceGroup, this.target.name, lists, {
        clusterToken, timeoutMs: this.settings.runCommandTimeoutMs, pollMs: this.settings.runCommandPollMs,
      });
      this.log?.debug({ cluster: this.target.name, lists }, 'Kubernetes read through runCommand');
      return { via: 'run-command', lists: got, failures: [] };
    } catch (err) {
      const message = err instanceof RunCommandError ? err.message : (err as Error).message;
      return this.failAll(lists, `${prefix}; ${message}${err instanceof RunCommandError && err.kind === 'forbidden' ? '' : ' Or run NetPilot in a network that reaches the API server (private endpoint / authorized IP ranges).'}`, 'run-command', 'run-command');
    }
  }
}

/** Why the cluster's credentials could not be used: listClusterUserCredential refused, or the kubeconfig refused. */
export function credentialsReason(err: unknown, ctx: KubeFailureContext = {}): string {
  if (err instanceof KubeconfigError) return kubeFailureReason(err, 'Kubernetes credentials', ctx);
  const what = 'Kubernetes credentials (listClusterUserCredential)';
  const f = describeFailure(err);
  const detail = errorDetail(err);
  if (f.status === 403) {
    return `${what}: forbidden (403): ${detail}. Grant NetPilot's identity the "${CLUSTER_USER_ROLE}" on the cluster (it allows listClusterUserCredential; Reader does not).`;
  }
  if (f.status === 401) {
    return `${what}: ARM refused NetPilot's token (401): ${detail}. Check NetPilot's Azure identity (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET or the managed identity).`;
  }
  return kubeFailureReason(err, what, ctx);
}
