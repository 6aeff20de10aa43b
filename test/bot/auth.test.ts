// Real inbound JWT validation: botbuilder's own validators against a local OpenID metadata + JWKS rig.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { createRigAuthentication, createRigKey, RigCredentialsFactory, startJwtRig, type JwtRig } from '../fakes/jwt-rig.ts';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const SERVICE_URL = 'http://127.0.0.1:9/teams/';

function activity(serviceUrl = SERVICE_URL): Activity {
  const partial = {
    type: 'message',
    channelId: 'msteams',
    serviceUrl,
    id: 'a1',
    text: 'help',
    from: { id: '29:user', name: 'Requester' },
    recipient: { id: `28:${APP_ID}`, name: 'NetPilot' },
    conversation: { id: 'a:conv', isGroup: false, conversationType: 'personal', name: '' },
  } satisfies Partial<Activity>;
  return partial as Activity; // authenticateRequest reads only channelId and serviceUrl
}

/** The status of botframework-connector's AuthenticationError (not re-exported by botbuilder); undefined for anything else. */
function authErrorStatus(error: unknown): number | undefined {
  if (!(error instanceof Error) || error.constructor.name !== 'AuthenticationError') return undefined;
  return (error as Error & { statusCode?: number }).statusCode;
}

describe('jwt rig + botbuilder authentication', () => {
  let rig: JwtRig;
  beforeAll(async () => {
    rig = await startJwtRig({ appId: APP_ID });
  });
  afterAll(async () => {
    await rig?.stop();
  });

  it('accepts a token signed by the published key and exposes its claims', async () => {
    const auth = createRigAuthentication(rig);
    const result = await auth.authenticateRequest(activity(), `Bearer ${rig.sign(SERVICE_URL)}`);
    expect(result.claimsIdentity.isAuthenticated).toBe(true);
    expect(result.claimsIdentity.getClaimValue('aud')).toBe(APP_ID);
    expect(result.claimsIdentity.getClaimValue('serviceurl')).toBe(SERVICE_URL);
    expect(result.callerId).toBe('urn:botframework:azure');
    expect(rig.hits().jwks).toBeGreaterThan(0);
  });

  it('builds outbound connector credentials without calling a token service', async () => {
    const factory = new RigCredentialsFactory(APP_ID);
    const credentials = await factory.createCredentials(APP_ID, undefined, `${rig.url}/login`, true);
    const headers = new Map<string, string>();
    const resource = { headers: { set: (k: string, v: string) => headers.set(k, v) } };
    // the compat WebResourceLike has many fields; signRequest only touches headers
    await credentials.signRequest(resource as unknown as Parameters<typeof credentials.signRequest>[0]);
    expect(headers.get('authorization')).toBe(RigCredentialsFactory.outboundAuthorization);
    expect(await factory.isValidAppId(APP_ID)).toBe(true);
    expect(await factory.isValidAppId('someone-else')).toBe(false);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const rejected: Array<[string, (r: JwtRig) => string]> = [
    ['no token', () => ''],
    ['wrong audience', (r) => `Bearer ${r.sign(SERVICE_URL, { aud: 'another-bot' })}`],
    ['wrong issuer', (r) => `Bearer ${r.sign(SERVICE_URL, { iss: 'https://sts.example.com/' })}`],
    ['wrong serviceurl claim', (r) => `Bearer ${r.sign('http://127.0.0.1:9/evil/')}`],
    ['expired', (r) => `Bearer ${r.sign(SERVICE_URL, { exp: now() - 3600, nbf: now() - 7200, iat: now() - 7200 })}`],
    ['unknown kid', (r) => `Bearer ${r.sign(SERVICE_URL, { key: createRigKey('not-published') })}`],
  ];
  for (const [name, header] of rejected) {
    it(`rejects ${name} with a 401 AuthenticationError`, async () => {
      const auth = createRigAuthentication(rig);
      const error = await auth.authenticateRequest(activity(), header(rig)).then(() => undefined, (e: unknown) => e);
      expect(authErrorStatus(error)).toBe(401);
    });
  }

  it('rejects a forged signature (same kid, another key): botbuilder throws a JsonWebTokenError, not an AuthenticationError', async () => {
    const auth = createRigAuthentication(rig);
    const forged = rig.sign(SERVICE_URL, { key: createRigKey(rig.key.kid) });
    const error = await auth.authenticateRequest(activity(), `Bearer ${forged}`).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('JsonWebTokenError');
    expect(authErrorStatus(error)).toBeUndefined();
  });
});
