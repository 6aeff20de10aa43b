// Attack: a seeded fuzzer against the real HTTP endpoint (bot on 127.0.0.1, local Bot Connector):
// random text, malformed activities, random invokes, random content types and encodings. Asserts
// no 5xx, no failed turn (so no turn-error text in chat), the server still answers /healthz, a reply
// to every well-formed message, and no chat message for anything the edge refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../bot/commands/definitions.ts';
import { BOT_ID, messageActivity, startHarness } from '../bot/harness.ts';
import { alive, cardActionActivity, rawRequest, type RawRequest } from './edge-rig.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

const SEED = 20261205;
/** Requests sent at once (the store's writes, not the CPU, bound one request at a time). */
const BATCH = 4;
const NUM_RUNS = 500;
const REQUESTS = BATCH * NUM_RUNS;

/** Every generated activity gets its own conversation, so concurrent requests can be told apart. */
function conversationOf(id: string): string {
  return `a:${id}`;
}

/** One generated request and what must hold for it. */
type Case =
  | { kind: 'message'; build: (serviceUrl: string, id: string) => unknown }
  | { kind: 'activity'; build: (serviceUrl: string, id: string) => unknown }
  | { kind: 'raw'; build: (serviceUrl: string, id: string) => RawRequest };

const examples = COMMANDS.flatMap((c) => [...c.examples.en, ...c.examples.ja]);

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
  { weight: 3, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 2, arbitrary: fc.constantFrom(...examples, '[click](https://evil.example)', '**bold** _x_ `y` # h', '<at>x</at>', '- a\n1. b', '${$root}') },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...examples), fc.string({ maxLength: 20 })).map(([a, b]) => `${a} ${b}`) },
);

const optionalNull = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> => fc.oneof({ weight: 6, arbitrary: arb }, fc.constant(null), fc.constant(undefined));

/** Well-formed Teams messages: any text, any conversation kind, optional fields present, absent or null. */
const wellFormedMessage: fc.Arbitrary<Case> = fc
  .record({
    text,
    conversation: fc.constantFrom('personal', 'groupChat', 'channel') as fc.Arbitrary<'personal' | 'groupChat' | 'channel'>,
    mention: fc.boolean(),
    locale: optionalNull(fc.constantFrom('en-US', 'ja-JP', 'fr-FR', 'xx', '')),
    name: optionalNull(fc.string({ maxLength: 30 })),
    aad: optionalNull(fc.uuid()),
    extraEntity: fc.boolean(),
  })
  .map((g) => ({
    kind: 'message' as const,
    build: (serviceUrl: string, id: string) => {
      const a = messageActivity(g.text, serviceUrl, { conversation: g.conversation, mention: g.mention, conversationId: conversationOf(id) });
      const entities = [...(a.entities ?? []), ...(g.extraEntity ? [{ type: 'clientInfo', locale: 'en-US', platform: 'Web' }] : [])];
      return {
        ...a,
        id,
        entities,
        locale: g.locale as string | undefined,
        from: { id: '29:fuzz-user', name: g.name as string | undefined, aadObjectId: g.aad as string | undefined },
      };
    },
  }));

const junk = fc.oneof(fc.anything({ maxDepth: 2, maxKeys: 4 }), fc.constant(null), fc.integer(), fc.string({ maxLength: 20 }), fc.array(fc.integer(), { maxLength: 3 }));
const fields = ['type', 'id', 'channelId', 'serviceUrl', 'from', 'recipient', 'conversation', 'text', 'entities', 'locale', 'channelData', 'value', 'name', 'replyToId'] as const;

/** A message with one field replaced by junk or removed (may happen to stay well-formed). */
const mutatedMessage: fc.Arbitrary<Case> = fc
  .record({ field: fc.constantFrom(...fields), value: junk, remove: fc.boolean(), nested: fc.constantFrom('from.id', 'conversation.id', 'recipient.id', 'entities.0.mentioned', 'channelData.tenant', 'none') })
  .map((g) => ({
    kind: 'activity' as const,
    build: (serviceUrl: string, id: string) => {
      const a = { ...messageActivity('help', serviceUrl, { conversation: 'channel', conversationId: conversationOf(id) }), id } as Record<string, unknown>;
      if (g.remove) delete a[g.field];
      else a[g.field] = g.value;
      if (g.nested !== 'none') {
        const [head, ...rest] = g.nested.split('.');
        let target = a[head] as Record<string, unknown> | undefined;
        for (const key of rest.slice(0, -1)) target = target && typeof target === 'object' ? (target[key] as Record<string, unknown>) : undefined;
        if (target && typeof target === 'object') target[rest[rest.length - 1]] = structuredClone(g.value);
      }
      return a;
    },
  }));

const invokeNames = fc.oneof(
  { weight: 4, arbitrary: fc.constant('adaptiveCard/action') },
  { weight: 2, arbitrary: fc.constantFrom('task/fetch', 'composeExtension/query', 'signin/verifyState', 'config/fetch', 'healthCheck', 'fileConsent/invoke') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);
const actionValue = fc.oneof(
  fc.record({
    action: fc.record({
      type: fc.constantFrom('Action.Execute', 'Action.Submit', 'x'),
      verb: fc.oneof(fc.constantFrom('approve', 'reject', 'refresh', 'chooseCluster', 'nope'), fc.string({ maxLength: 10 }), junk),
      data: fc.oneof(junk, fc.record({ requestId: fc.oneof(fc.uuid(), fc.string({ maxLength: 10 })), confirm: fc.string({ maxLength: 10 }), reason: text, choice: fc.string({ maxLength: 10 }) })),
    }, { requiredKeys: [] }),
    trigger: fc.constantFrom('manual', 'automatic'),
  }, { requiredKeys: [] }),
  junk,
);

/** Invokes with random names and values. */
const randomInvoke: fc.Arbitrary<Case> = fc.record({ name: invokeNames, value: actionValue }).map((g) => ({
  kind: 'activity' as const,
  build: (serviceUrl: string, id: string) => ({ ...cardActionActivity(serviceUrl, g.value, conversationOf(id)), id, name: g.name }),
}));

/** Other activity types (conversationUpdate, typing, unknown ones) with their common fields intact. */
const otherType: fc.Arbitrary<Case> = fc
  .record({ type: fc.oneof(fc.constantFrom('conversationUpdate', 'typing', 'event', 'messageReaction', 'installationUpdate', 'endOfConversation'), fc.string({ minLength: 1, maxLength: 20 })), membersAdded: fc.option(fc.array(fc.record({ id: fc.constantFrom(BOT_ID, '29:someone') }), { maxLength: 2 }), { nil: undefined }) })
  .map((g) => ({
    kind: 'activity' as const,
    build: (serviceUrl: string, id: string) => {
      const { text: _t, entities: _e, ...rest } = messageActivity('', serviceUrl, { conversationId: conversationOf(id) });
      return { ...rest, id, type: g.type, ...(g.membersAdded ? { membersAdded: g.membersAdded } : {}) };
    },
  }));

const headerToken = fc.stringMatching(/^[a-z0-9/+.=; -]{0,30}$/);
/** Random content types, encodings and bodies (raw bytes or JSON), sent as is. */
const rawBody: fc.Arbitrary<Case> = fc
  .record({
    contentType: fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16'), headerToken, fc.constant(undefined)),
    encoding: fc.oneof(fc.constantFrom('gzip', 'deflate', 'br', 'identity'), headerToken, fc.constant(undefined)),
    body: fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.json({ maxDepth: 3 }), fc.constant('valid')),
    chunked: fc.boolean(),
  })
  .map((g) => ({
    kind: 'raw' as const,
    build: (serviceUrl: string, id: string): RawRequest => {
      const headers: Record<string, string> = {};
      if (g.contentType !== undefined) headers['content-type'] = g.contentType;
      if (g.encoding !== undefined) headers['content-encoding'] = g.encoding;
      const body = g.body === 'valid' ? JSON.stringify({ ...messageActivity('help', serviceUrl, { conversationId: conversationOf(id) }), id }) : typeof g.body === 'string' ? g.body : Buffer.from(g.body);
      return { headers, body, chunked: g.chunked };
    },
  }));

const anyCase = fc.oneof(
  { weight: 5, arbitrary: wellFormedMessage },
  { weight: 3, arbitrary: mutatedMessage },
  { weight: 3, arbitrary: randomInvoke },
  { weight: 1, arbitrary: otherType },
  { weight: 2, arbitrary: rawBody },
);

describe('seeded fuzzer against POST /api/messages', () => {
  const h = sharedFixture(() => startHarness());

  it(`${REQUESTS} generated requests: no 5xx, no failed turn, a reply to every well-formed message, nothing sent for refusals`, async () => {
    let counter = 0;
    const seen = { message: 0, refused: 0, served: 0 };
    const runOne = async (c: Case): Promise<void> => {
      counter += 1;
      const id = `fuzz-${counter}`;
      const res =
        c.kind === 'raw'
          ? await rawRequest(h.botUrl, c.build(h.connector.url, id))
          : await rawRequest(h.botUrl, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.build(h.connector.url, id)) });
      if (res.status >= 500) throw new Error(`${res.status} ${res.text.slice(0, 200)}`);
      const sent = h.connector.requests.filter((r) => r.conversationId === conversationOf(id));
      if (res.status >= 400) {
        seen.refused += 1;
        if (sent.length > 0) throw new Error(`refused with ${res.status} but the bot sent ${sent.length} request(s) to the conversation`);
      } else {
        seen.served += 1;
      }
      if (c.kind === 'message') {
        seen.message += 1;
        if (res.status !== 200) throw new Error(`a well-formed message got ${res.status}: ${res.text.slice(0, 200)}`);
        if (!sent.some((r) => r.replyToId === id && r.body?.type === 'message')) throw new Error('a well-formed message got no reply');
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(anyCase, { minLength: BATCH, maxLength: BATCH }), async (cases) => {
        const logsBefore = h.logs.length;
        await Promise.all(cases.map(runOne));
        const failedTurn = h.logs.slice(logsBefore).find((l) => l.includes('"msg":"turn failed"') || l.includes('"msg":"activity processing failed"'));
        if (failedTurn) throw new Error(`a turn failed: ${failedTurn.slice(0, 400)}`);
      }),
      { seed: SEED, numRuns: NUM_RUNS, endOnFailure: true },
    );
    expect(await alive(h.botUrl)).toBe(true);
    // The mix really exercised both sides of the edge.
    expect(seen.message).toBeGreaterThan(REQUESTS / 5);
    expect(seen.refused).toBeGreaterThan(REQUESTS / 5);
    expect(seen.served).toBeGreaterThan(REQUESTS / 3);
  }, 120_000);
});
