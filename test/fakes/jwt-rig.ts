// Local stand-in for the Bot Framework token service: OpenID metadata + JWKS on loopback, an RS256
// signer for channel tokens, and a botbuilder authentication wired to both (no Entra, no network).
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';

/** The connector credential type (botframework-connector's ServiceClientCredentials, not re-exported by botbuilder). */
type ServiceClientCredentials = Awaited<ReturnType<ConfigurationServiceClientCredentialFactory['createCredentials']>>;

/** The issuer real Bot Framework channel tokens carry (and the only one the rig's auth accepts). */
export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

/** The CallerId botbuilder stamps on activities from the public Azure channel service. */
export const PUBLIC_AZURE_CALLER_ID = 'urn:botframework:azure';

/** An RSA signing key with the `kid` it is published (or forged) under. */
export interface RigKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Claims and header fields a test may override; `undefined` values are left out of the token. */
export interface TokenOverrides {
  aud?: string;
  iss?: string;
  serviceurl?: string;
  /** seconds since epoch */
  exp?: number;
  /** seconds since epoch */
  nbf?: number;
  /** seconds since epoch */
  iat?: number;
  /** sign with this key instead of the published one (a forgery); its kid goes in the header */
  key?: RigKey;
  /** header kid (defaults to the signing key's) */
  kid?: string;
  /** extra claims */
  extra?: Record<string, unknown>;
}

/** A running metadata + JWKS server and the signer whose public key it publishes. */
export interface JwtRig {
  /** base URL, e.g. http://127.0.0.1:PORT */
  url: string;
  appId: string;
  /** channel OpenID metadata URL (ToBotFromChannelOpenIdMetadataUrl) */
  channelMetadataUrl: string;
  /** emulator OpenID metadata URL (ToBotFromEmulatorOpenIdMetadataUrl) */
  emulatorMetadataUrl: string;
  jwksUrl: string;
  /** the published key */
  key: RigKey;
  /** an RS256 channel token for `serviceUrl` valid for an hour, with any claim overridden */
  sign(serviceUrl: string, overrides?: TokenOverrides): string;
  /** how many metadata / JWKS requests the rig has served (proves validation used the rig) */
  hits(): { metadata: number; jwks: number };
  stop(): Promise<void>;
}

/** Options of {@link startJwtRig}. */
export interface JwtRigOptions {
  appId: string;
  /** channel ids the published key is endorsed for, as in the real JWKS (default: msteams) */
  endorsements?: string[];
}

/** Generates a fresh 2048-bit RSA key; a second one with the rig's kid makes a convincing forgery. */
export function createRigKey(kid: string = randomUUID()): RigKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** Starts the rig on 127.0.0.1 with an ephemeral port; resolves once it listens. */
export async function startJwtRig(options: JwtRigOptions): Promise<JwtRig> {
  const key = createRigKey();
  const endorsements = options.endorsements ?? ['msteams'];
  const counts = { metadata: 0, jwks: 0 };
  let base = '';

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return send(405, { error: 'method not allowed' });
    if (path === '/v1/.well-known/openidconfiguration' || path === '/emulator/.well-known/openid-configuration') {
      counts.metadata += 1;
      return send(200, {
        issuer: BOT_FRAMEWORK_ISSUER,
        authorization_endpoint: `${base}/authorize`,
        jwks_uri: `${base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (path === '/v1/.well-known/keys') {
      counts.jwks += 1;
      const jwk = key.publicKey.export({ format: 'jwk' });
      return send(200, { keys: [{ ...jwk, kty: 'RSA', use: 'sig', kid: key.kid, alg: 'RS256', endorsements }] });
    }
    return send(404, { error: `no route ${path}` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    appId: options.appId,
    channelMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    emulatorMetadataUrl: `${base}/emulator/.well-known/openid-configuration`,
    jwksUrl: `${base}/v1/.well-known/keys`,
    key,
    sign(serviceUrl, overrides = {}) {
      const now = Math.floor(Date.now() / 1000);
      const signingKey = overrides.key ?? key;
      const claims: Record<string, unknown> = {
        aud: 'aud' in overrides ? overrides.aud : options.appId,
        iss: 'iss' in overrides ? overrides.iss : BOT_FRAMEWORK_ISSUER,
        serviceurl: 'serviceurl' in overrides ? overrides.serviceurl : serviceUrl,
        nbf: 'nbf' in overrides ? overrides.nbf : now - 60,
        iat: 'iat' in overrides ? overrides.iat : now - 60,
        exp: 'exp' in overrides ? overrides.exp : now + 3600,
        ...overrides.extra,
      };
      for (const name of Object.keys(claims)) if (claims[name] === undefined) delete claims[name];
      return jwt.sign(claims, signingKey.privateKey, {
        algorithm: 'RS256',
        keyid: overrides.kid ?? signingKey.kid,
        noTimestamp: true,
      });
    },
    hits: () => ({ ...counts }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Outbound credentials that never call Entra: requests carry a fixed fake bearer token.
 * (A ServiceClientCredentialsFactory; botbuilder re-exports only this concrete subclass of it.)
 */
export class RigCredentialsFactory extends ConfigurationServiceClientCredentialFactory {
  private readonly rigAppId: string;
  /** the Authorization header outbound connector calls carry */
  static readonly outboundAuthorization = 'Bearer netpilot-test-outbound-token';

  constructor(appId: string) {
    super({ MicrosoftAppId: appId });
    this.rigAppId = appId;
  }

  /** Only the rig's app id is this bot's. */
  override async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.rigAppId;
  }

  /** Auth is always on with the rig. */
  override async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  /** A credential that stamps a fixed header, so a local connector needs no token service. */
  override async createCredentials(
    _appId: string,
    _audience: string | undefined,
    _loginEndpoint: string,
    _validateAuthority: boolean,
  ): Promise<ServiceClientCredentials> {
    return {
      signRequest: async (webResource) => {
        webResource.headers.set('authorization', RigCredentialsFactory.outboundAuthorization);
        return webResource;
      },
    };
  }
}

/** All seven endpoint overrides pointing at the rig (botbuilder requires all once any is set). */
export function rigAuthenticationConfig(rig: JwtRig): Record<string, string> {
  return {
    MicrosoftAppId: rig.appId,
    MicrosoftAppType: 'SingleTenant',
    ToBotFromChannelOpenIdMetadataUrl: rig.channelMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: rig.emulatorMetadataUrl,
    ToBotFromChannelTokenIssuer: BOT_FRAMEWORK_ISSUER,
    ToChannelFromBotLoginUrl: `${rig.url}/login`,
    ToChannelFromBotOAuthScope: BOT_FRAMEWORK_ISSUER,
    OAuthUrl: `${rig.url}/oauth`,
    CallerId: PUBLIC_AZURE_CALLER_ID,
  };
}

/** A real botbuilder authentication validating inbound tokens against the rig, replying without Entra. */
export function createRigAuthentication(rig: JwtRig): ConfigurationBotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication(rigAuthenticationConfig(rig), new RigCredentialsFactory(rig.appId));
}
