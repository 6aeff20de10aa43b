// Server-level behaviour: the turn error handler, inbound auth mapping, log redaction, registries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_HANDLERS, buildActionRegistry } from '../../bot/actions/registry.ts';
import { buildCommandRegistry, COMMAND_HANDLERS } from '../../bot/commands/registry.ts';
import { MESSAGES } from '../../bot/i18n/index.ts';
import { botFrameworkSettings, isAuthFailure } from '../../bot/server.ts';
import { messageActivity, startHarness, type Harness } from './harness.ts';
import { sharedFixture } from '../fakes/shared-fixture.ts';

describe('onTurnError', () => {
  const h = sharedFixture(() => startHarness({
      wrapServices: (s) => ({
        ...s,
        conversations: s.conversations,
        directory: {
          ...s.directory,
          list: async () => {
            throw new Error('boom: secret-internal-detail');
          },
        },
      }),
    }));

  it('tells the user something short with a correlation id, never a stack; logs the same id', async () => {
    const { status, replies } = await h.say('list clusters');
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    const text = String(replies[0].body?.text);
    const id = /reference ([0-9a-f]{12})/.exec(text)?.[1];
    expect(id).toBeDefined();
    expect(text).not.toContain('boom');
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
    const logged = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.correlationId === id);
    expect(logged?.msg).toBe('turn failed');
    expect(JSON.stringify(logged)).toContain('secret-internal-detail');
  });

  it('answers in Japanese for a Japanese message', async () => {
    const { replies } = await h.say('クラスター一覧');
    expect(String(replies[0].body?.text)).toMatch(/参照番号 [0-9a-f]{12}/);
  });
});

describe('inbound auth when MicrosoftAppId is set', () => {
  let h: Harness;
  const appId = '11111111-2222-3333-4444-555555555555';
  beforeAll(async () => {
    h = await startHarness({ env: { MicrosoftAppId: appId, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('no token is a 401, not a 500, and nothing is sent', async () => {
    const before = h.connector.activities.length;
    const res = await h.post(messageActivity('help', h.connector.url));
    expect(res.status).toBe(401);
    expect(h.connector.activities.length).toBe(before);
  });

  it('a malformed token is a 401, and the token never reaches the logs', async () => {
    const token = 'Bearer not.a.jwt-secret-token-value';
    const res = await h.post(messageActivity('help', h.connector.url), { authorization: token });
    expect(res.status).toBe(401);
    expect(h.logs.join('\n')).not.toContain('jwt-secret-token-value');
    expect(h.logs.join('\n')).not.toContain('not-a-real-secret');
  });
});

describe('configuration mapping and error classification', () => {
  it('maps config fields to the standard Bot Framework names', () => {
    expect(botFrameworkSettings({ bot: { appType: 'SingleTenant', appId: 'a', appPassword: 'p', appTenantId: 't' }, allowedTenants: [] }))
      .toEqual({ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' });
    expect(botFrameworkSettings({ bot: { appType: 'UserAssignedMSI', appId: 'a', appTenantId: 't' }, allowedTenants: [] }))
      .toEqual({ MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: 'a', MicrosoftAppTenantId: 't' });
  });

  it('treats JWT errors as auth failures and other errors not', () => {
    const jwtError = Object.assign(new Error('invalid signature'), { name: 'JsonWebTokenError' });
    expect(isAuthFailure(jwtError)).toBe(true);
    expect(isAuthFailure(Object.assign(new Error('x'), { statusCode: 401 }))).toBe(true);
    expect(isAuthFailure(new Error('database is locked'))).toBe(false);
    expect(isAuthFailure('nope')).toBe(false);
  });
});

describe('registries', () => {
  it('the real registries build', () => {
    expect(buildCommandRegistry(COMMAND_HANDLERS).size).toBe(COMMAND_HANDLERS.length);
    expect(buildActionRegistry(ACTION_HANDLERS).get('chooseCluster')).toBeDefined();
  });

  it('a duplicate verb or intent fails at start-up', () => {
    expect(() => buildActionRegistry([...ACTION_HANDLERS, ACTION_HANDLERS[0]])).toThrow(/duplicate/);
    expect(() => buildCommandRegistry([...COMMAND_HANDLERS, COMMAND_HANDLERS[0]])).toThrow(/duplicate/);
    expect(() => buildCommandRegistry(COMMAND_HANDLERS.slice(1))).toThrow(/no command handler/);
  });

  it('both catalogues define every message', () => {
    expect(Object.keys(MESSAGES.ja).sort()).toEqual(Object.keys(MESSAGES.en).sort());
    for (const [key, value] of Object.entries(MESSAGES.ja)) {
      const sample = typeof value === 'function' ? (value as (...a: string[]) => string)('x', 'y') : Array.isArray(value) ? value.join(' ') : value;
      expect(sample, key).toMatch(/[ぁ-んァ-ン一-龯]/);
    }
  });
});
