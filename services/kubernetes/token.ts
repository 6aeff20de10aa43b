// Entra ID tokens for a Kubernetes API server, from the same TokenCredential as ARM. Asked per
// request and cached here until shortly before expiry, so a cached client never sends a dead token.
import type { TokenCredential } from '@azure/core-auth';

/** Returns a bearer token valid for at least a few more minutes. */
export type TokenSource = () => Promise<string>;

/** The token scope of an AKS API server's Entra application: `<server-id>/.default`. */
export function serverIdScope(serverId: string): string {
  return `${serverId.replace(/\/+$/, '')}/.default`;
}

/** Getting an Entra ID token for the API server failed (the identity, not the cluster, is at fault). */
export class KubeTokenError extends Error {
  readonly serverId: string;
  constructor(serverId: string, cause: unknown) {
    super(`could not get an Entra ID token for server id ${serverId}: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'KubeTokenError';
    this.serverId = serverId;
  }
}

/** Options of `entraTokenSource`. */
export interface TokenSourceOptions {
  /** Refresh this long before `expiresOnTimestamp` (default 5 minutes). */
  refreshMarginMs?: number;
  now?: () => number;
}

/** A TokenSource for `<serverId>/.default`: one request at a time, cached until the refresh point. */
export function entraTokenSource(credential: TokenCredential, serverId: string, options: TokenSourceOptions = {}): TokenSource {
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  const scope = serverIdScope(serverId);
  let cached: { token: string; refreshAt: number; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const fetchToken = async (): Promise<string> => {
    let token;
    try {
      token = await credential.getToken(scope);
    } catch (err) {
      throw new KubeTokenError(serverId, err);
    }
    if (!token?.token) throw new KubeTokenError(serverId, new Error('the credential returned no token'));
    const expiresAt = token.expiresOnTimestamp;
    const refreshAt = Math.min(token.refreshAfterTimestamp ?? Infinity, expiresAt - margin);
    cached = { token: token.token, refreshAt, expiresAt };
    return token.token;
  };
  return async () => {
    const t = now();
    if (cached && t < cached.refreshAt) return cached.token;
    pending ??= fetchToken().finally(() => { pending = undefined; });
    try {
      return await pending;
    } catch (err) {
      // A refresh that fails while the old token still has time left keeps the old one.
      if (cached && now() < cached.expiresAt - 30_000) return cached.token;
      throw err;
    }
  };
}
