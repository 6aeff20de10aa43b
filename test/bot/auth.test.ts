// Real inbound JWT validation: botbuilder's own validators against a local OpenID metadata + JWKS rig,
// first directly, then through the bot's restify server over real HTTP with replies to a local connector.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { createBotServer, type BotServer } from '../../bot/server.ts';
import { CARD_KIT } from '../../bot/card-kit.ts';
import { createLogger } from '../../bot/logger.ts';
import type { BotConfig, BotServices } from '../../bot/ports.ts';
import type { ConversationStore, StoredConversation } from '../../services/store/types.ts';
import { startLocalConnector, type LocalConnector } from '../fakes/local-connector.ts';
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

/** An in-memory conversation store (the real one is SQLite; auth does not care). */
function memoryConversations(): ConversationStore {
  const rows = new Map<string, StoredConversation & { subscribed?: boolean }>();
  return {
    remember: (ref) => { rows.set(ref.conversationId, { ...ref, subscribed: rows.get(ref.conversationId)?.subscribed }); },
    get: (id) => rows.get(id),
    subscribe: (id) => {
      const row = rows.get(id);
      if (!row) throw new Error(`unknown conversation ${id}`);
      row.subscribed = true;
    },
    unsubscribe: (id) => {
      const row = rows.get(id);
      const was = Boolean(row?.subscribed);
      if (row) row.subscribed = false;
      return was;
    },
    listSubscribed: () => [...rows.values()].filter((r) => r.subscribed),
  };
}

/** Services for a `help` turn: real cards; no cluster is ever touched by these tests. */
function helpOnlyServices(): BotServices {
  const unused = (): never => { throw new Error('not used by the auth tests'); };
  return {
    directory: { list: async () => [], resolve: async () => unused(), snapshot: async () => unused() },
    runPreflight: () => unused(),
    conversations: memoryConversations(),
    cards: CARD_KIT,
  };
}

describe('bot server with inbound auth on (MicrosoftAppId set), over real HTTP', () => {
  const TENANT = '7d3c5a1e-4b2f-4c8e-9a61-3f0e2d9b8c11';
  let rig: JwtRig;
  let connector: LocalConnector;
  let bot: BotServer;
  let url: string;
  let seq = 0;

  beforeAll(async () => {
    rig = await startJwtRig({ appId: APP_ID });
    connector = await startLocalConnector();
    const config: BotConfig = { bot: { appId: APP_ID, appType: 'SingleTenant', appTenantId: TENANT }, allowedTenants: [] };
    bot = createBotServer({
      config,
      services: helpOnlyServices(),
      logger: createLogger({ level: 'silent' }),
      botFrameworkAuthentication: createRigAuthentication(rig),
    });
    url = (await bot.listen(0, '127.0.0.1')).url;
  });
  afterAll(async () => {
    await bot?.close();
    await connector?.stop();
    await rig?.stop();
  });
  beforeEach(() => {
    seq += 1;
  });

  /** A Teams personal-chat `help` message in its own conversation, so replies can be told apart. */
  function teamsMessage(serviceUrl: string): { conversationId: string; body: Record<string, unknown> } {
    const conversationId = `a:auth-test-${seq}`;
    return {
      conversationId,
      body: {
        type: 'message',
        id: `msg-${seq}`,
        channelId: 'msteams',
        serviceUrl,
        timestamp: new Date().toISOString(),
        text: 'help',
        locale: 'en-US',
        from: { id: '29:requester', name: 'Requester', aadObjectId: '4a1b2c3d-0001-4e5f-8a9b-000000000001' },
        recipient: { id: `28:${APP_ID}`, name: 'NetPilot' },
        conversation: { id: conversationId, conversationType: 'personal', tenantId: TENANT },
        channelData: { tenant: { id: TENANT } },
      },
    };
  }

  async function post(body: unknown, authorization?: string): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (authorization !== undefined) headers.authorization = authorization;
    return fetch(`${url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(body) });
  }

  it('accepts a valid channel token and the reply reaches the connector with the outbound credential', async () => {
    const { conversationId, body } = teamsMessage(connector.url);
    const res = await post(body, `Bearer ${rig.sign(connector.url)}`);
    expect([200, 201]).toContain(res.status);
    const reply = await connector.waitFor((r) => r.conversationId === conversationId && (r.kind === 'reply' || r.kind === 'send'));
    expect(reply.authorization).toBe(RigCredentialsFactory.outboundAuthorization);
    const attachments = (reply.body?.attachments ?? []) as { contentType?: string }[];
    expect(attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(rig.hits().jwks).toBeGreaterThan(0);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const refused: Array<[string, (serviceUrl: string) => string | undefined]> = [
    ['no Authorization header', () => undefined],
    ['an empty bearer', () => 'Bearer '],
    ['a malformed token', () => 'Bearer not.a.jwt'],
    ['a forged signature (published kid, another key)', (u) => `Bearer ${rig.sign(u, { key: createRigKey(rig.key.kid) })}`],
    ['a key the rig never published', (u) => `Bearer ${rig.sign(u, { key: createRigKey('unpublished-kid') })}`],
    ['the wrong audience', (u) => `Bearer ${rig.sign(u, { aud: '99999999-8888-7777-6666-555555555555' })}`],
    ['the wrong issuer', (u) => `Bearer ${rig.sign(u, { iss: 'https://sts.windows.net/evil/' })}`],
    ['a serviceurl claim for another connector', (u) => `Bearer ${rig.sign(u, { serviceurl: 'https://smba.trafficmanager.net/evil/' })}`],
    ['an expired token', (u) => `Bearer ${rig.sign(u, { exp: now() - 3600, nbf: now() - 7200, iat: now() - 7200 })}`],
    ['a token not valid yet', (u) => `Bearer ${rig.sign(u, { nbf: now() + 3600, iat: now(), exp: now() + 7200 })}`],
  ];
  for (const [name, authorization] of refused) {
    it(`answers 401 (not 500) to ${name}, and sends no reply`, async () => {
      const { conversationId, body } = teamsMessage(connector.url);
      const res = await post(body, authorization(connector.url));
      expect(res.status).toBe(401);
      await new Promise((r) => setTimeout(r, 150)); // an absence (no reply): nothing to poll for, so a short grace period
      expect(connector.requests.filter((r) => r.conversationId === conversationId)).toEqual([]);
    });
  }
});
