// The cluster user kubeconfig as NetPilot uses it: never runs an exec plugin or auth provider.
// An Entra ID cluster's kubeconfig runs `kubelogin get-token --server-id <id> ...`; NetPilot reads
// the server id and gets the token itself from its own TokenCredential (token.ts). A kubeconfig that
// turns TLS verification off is refused.
import { KubeConfig, type User } from '@kubernetes/client-node';
import { UserError } from '../cluster/errors.ts';

/** How requests authenticate: what the kubeconfig carries (token, client certificate), or an Entra ID token for `serverId`. */
export type KubeAuth = { kind: 'kubeconfig' } | { kind: 'entra'; serverId: string };

/** A parsed cluster kubeconfig whose current user runs nothing. */
export interface ClusterKubeconfig {
  /** Current context's cluster and a user without `exec` / `auth-provider`. */
  kubeConfig: KubeConfig;
  /** API server URL, e.g. `https://aks-x-dns-1234.hcp.japaneast.azmk8s.io:443`. */
  server: string;
  auth: KubeAuth;
}

/** A kubeconfig NetPilot will not use (insecure, unparsable, or an exec plugin it cannot replace). */
export class KubeconfigError extends UserError {
  constructor(message: string, hint: string) {
    super('KubeconfigRefused', message, hint);
    this.name = 'KubeconfigError';
  }
}

/** The value of `--server-id` (or `--server-id=...`) in an exec plugin's arguments. */
export function serverIdFromArgs(args: readonly unknown[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a !== 'string') continue;
    if (a === '--server-id') {
      const next = args[i + 1];
      return typeof next === 'string' && next.length > 0 && !next.startsWith('-') ? next : undefined;
    }
    if (a.startsWith('--server-id=')) return a.slice('--server-id='.length) || undefined;
  }
  return undefined;
}

/** The Entra server id of a kubeconfig user: kubelogin exec `--server-id`, or the legacy `azure` auth provider's `apiserver-id`. */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- 'unsupported' names the sentinel
function entraServerId(user: User): string | undefined | 'unsupported' {
  const exec = user.exec as { command?: unknown; args?: unknown } | undefined;
  if (exec) {
    const args = Array.isArray(exec.args) ? exec.args : [];
    return serverIdFromArgs(args) ?? 'unsupported';
  }
  const provider = user.authProvider as { name?: unknown; config?: Record<string, unknown> } | undefined;
  if (provider) {
    const id = provider.name === 'azure' ? provider.config?.['apiserver-id'] : undefined;
    return typeof id === 'string' && id.length > 0 ? id : 'unsupported';
  }
  return undefined;
}

/** Parses a cluster user kubeconfig (YAML); throws KubeconfigError when it must not be used. */
export function parseClusterKubeconfig(yaml: string, label = 'the cluster kubeconfig'): ClusterKubeconfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromString(yaml);
  } catch (err) {
    throw new KubeconfigError(`${label}: not a valid kubeconfig (${(err as Error).message})`,
      'Fetch the credentials again (listClusterUserCredential); if it persists, the cluster\'s credentials need a reset (az aks get-credentials shows the same).');
  }
  const cluster = kc.getCurrentCluster();
  const user = kc.getCurrentUser();
  const context = kc.getCurrentContext();
  if (!cluster || !user) {
    throw new KubeconfigError(`${label}: the current context "${context ?? ''}" names no cluster or no user`,
      'Fetch the credentials again (listClusterUserCredential).');
  }
  if (cluster.skipTLSVerify) {
    throw new KubeconfigError(`${label}: cluster "${cluster.name}" sets insecure-skip-tls-verify: true; NetPilot never talks to an API server it cannot verify`,
      'Use a kubeconfig with certificate-authority-data (what listClusterUserCredential returns for AKS) and without insecure-skip-tls-verify.');
  }
  const serverId = entraServerId(user);
  if (serverId === 'unsupported') {
    const exec = user.exec as { command?: unknown } | undefined;
    const what = exec ? `runs the exec plugin "${String(exec.command ?? '')}" without --server-id` : `uses the auth provider "${String((user.authProvider as { name?: unknown }).name ?? '')}"`;
    throw new KubeconfigError(`${label}: user "${user.name}" ${what}; NetPilot runs no plugins and cannot tell which Entra ID token the API server expects`,
      'AKS returns a kubelogin kubeconfig with --server-id for Entra ID clusters; fetch the credentials again with listClusterUserCredential (format exec).');
  }
  // Keep the user's static credentials (token, client certificate); drop anything that would run code.
  const safeUser: User = {
    name: user.name, certData: user.certData, certFile: user.certFile, keyData: user.keyData, keyFile: user.keyFile,
    token: user.token, username: user.username, password: user.password, impersonateUser: user.impersonateUser,
  };
  const safe = new KubeConfig();
  safe.loadFromClusterAndUser(cluster, safeUser);
  return { kubeConfig: safe, server: cluster.server, auth: serverId ? { kind: 'entra', serverId } : { kind: 'kubeconfig' } };
}
