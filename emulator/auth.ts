// Bearer tokens as Azure checks them, minus the signature: ARM wants a JWT for the ARM resource,
// an Entra ID cluster's API server a JWT for the AKS server application. Unsigned (`alg: none`)
// tokens are accepted: the emulator checks audience and expiry, never a signature.
import type { Json } from './json.ts';

/** Application id of the AKS Entra ID server (the `--server-id` of kubelogin, the token audience). */
export const AKS_SERVER_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';
/** Application id of the Azure CLI public client that kubelogin uses (`--client-id`). */
export const AKS_CLIENT_ID = '80faf920-1908-4b52-b5ef-a8e7bedfc67a';
/** Clock skew Entra ID token validation tolerates, in milliseconds. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Outcome of checking one bearer token. */
export type TokenCheck =
  | { ok: true; claims: Json }
  | { ok: false; problem: 'missing' | 'malformed' | 'audience' | 'expired'; audience?: string; expiredAt?: number };

/** The bearer token of an `Authorization` header, if any. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null;
  return m ? m[1] : undefined;
}

/** Claims of a JWT (header and signature not verified), or undefined when it is not a JWT. */
export function decodeJwt(token: string): Json | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1]) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as unknown;
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    if (!isObject(header) || !isObject(claims)) return undefined;
    return claims;
  } catch {
    return undefined;
  }
}

/** Checks a token's `aud` against `accepted` (exact match) and its `exp` against `nowMs`. */
export function checkToken(token: string | undefined, accepted: readonly string[], nowMs: number): TokenCheck {
  if (!token) return { ok: false, problem: 'missing' };
  const claims = decodeJwt(token);
  if (!claims) return { ok: false, problem: 'malformed' };
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud.map(String) : typeof aud === 'string' ? [aud] : [];
  if (!audiences.some((a) => accepted.includes(a))) return { ok: false, problem: 'audience', audience: audiences.join(',') };
  if (typeof claims.exp !== 'number') return { ok: false, problem: 'malformed' };
  const expiresAt = claims.exp * 1000;
  if (expiresAt + CLOCK_SKEW_MS < nowMs) return { ok: false, problem: 'expired', expiredAt: expiresAt };
  return { ok: true, claims };
}

/** Audiences ARM accepts: the public cloud's, and the emulator's own URL (with or without a trailing slash). */
export function armAudiences(baseUrl: string): string[] {
  const base = baseUrl.replace(/\/+$/, '');
  return [base, `${base}/`, 'https://management.azure.com', 'https://management.azure.com/',
    'https://management.core.windows.net', 'https://management.core.windows.net/'];
}

/** ARM's 401 for a token check that failed: error code, message and `WWW-Authenticate` as ARM sends them. */
export function armAuthFailure(check: Extract<TokenCheck, { ok: false }>, accepted: readonly string[], nowMs: number): { code: string; message: string; wwwAuthenticate: string } {
  const challenge = (description: string) =>
    `Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="${description}"`;
  switch (check.problem) {
    case 'missing':
      return { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.",
        wwwAuthenticate: challenge("The authentication failed because of missing 'Authorization' header.") };
    case 'audience':
      return { code: 'InvalidAuthenticationTokenAudience',
        message: `The access token has been obtained for wrong audience or resource '${check.audience ?? ''}'. It should exactly match with one of the allowed audiences ${accepted.map((a) => `'${a}'`).join(',')}.`,
        wwwAuthenticate: challenge('The access token has been obtained from wrong audience or resource.') };
    case 'expired':
      return { code: 'ExpiredAuthenticationToken',
        message: `The access token expiry UTC time '${new Date(check.expiredAt ?? 0).toUTCString()}' is earlier than current UTC time '${new Date(nowMs).toUTCString()}'.`,
        wwwAuthenticate: challenge('The access token expiry UTC time is earlier than current UTC time.') };
    default:
      return { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.', wwwAuthenticate: challenge('The access token is invalid.') };
  }
}

function isObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
