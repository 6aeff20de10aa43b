// The edge's activity check and body rules as plain functions (the HTTP behaviour is in test/security).
import { describe, expect, it } from 'vitest';
import { isIdentityEncoding, isJsonContentType, parseJsonBody } from '../../bot/activity-body.ts';
import { authenticationView, checkActivity } from '../../bot/activity-schema.ts';
import { messageActivity } from './harness.ts';

const SERVICE_URL = 'http://127.0.0.1:9/';

describe('checkActivity', () => {
  it('accepts a Teams message and reads null optional fields as absent', () => {
    const check = checkActivity(JSON.parse(JSON.stringify({ ...messageActivity('help', SERVICE_URL), locale: null, replyToId: null, extra: { kept: true } })));
    expect(check.kind).toBe('ok');
    if (check.kind !== 'ok') return;
    expect(check.activity.locale).toBeUndefined();
    expect(check.activity.replyToId).toBeUndefined();
    expect((check.activity as unknown as { extra: unknown }).extra).toEqual({ kept: true });
  });

  it('reads nested nulls as absent too, and still wants the text of a message with mentions', () => {
    const base = messageActivity('help', SERVICE_URL);
    const check = checkActivity(JSON.parse(JSON.stringify({
      ...base, text: null, entities: null, membersAdded: null,
      from: { ...base.from, aadObjectId: null, name: null },
      conversation: { ...base.conversation, tenantId: null, isGroup: null },
      channelData: { tenant: null, channel: { id: '19:c', name: null } },
    })));
    expect(check.kind).toBe('ok');
    if (check.kind !== 'ok') return;
    const a = check.activity;
    for (const value of [a.text, a.entities, a.membersAdded, a.from.aadObjectId, a.from.name, a.conversation.tenantId, a.conversation.isGroup,
      (a.channelData as { tenant?: unknown }).tenant, (a.channelData as { channel: { name?: unknown } }).channel.name]) {
      expect(value).toBeUndefined();
    }
    const mention = { type: 'mention', text: '<at>NetPilot</at>', mentioned: { id: base.recipient?.id } };
    expect(checkActivity({ ...base, text: null, entities: [mention] })).toMatchObject({ kind: 'malformed', problems: ['text: a message with mentions needs its text'] });
    expect(checkActivity({ ...base, entities: [mention] }).kind).toBe('ok');
  });

  it('names each malformed field with a path, never its value', () => {
    const check = checkActivity({ ...messageActivity('help', SERVICE_URL), text: 'x'.length, serviceUrl: 'secret-value-not-a-url' });
    expect(check.kind).toBe('malformed');
    if (check.kind !== 'malformed') return;
    expect(check.problems.join('\n')).toMatch(/^text: /m);
    expect(check.problems.join('\n')).toMatch(/^serviceUrl: must be an http\(s\) URL/m);
    expect(check.problems.join('\n')).not.toContain('secret-value');
  });

  it('tells an unsupported invoke from a malformed one', () => {
    const base = { ...messageActivity('', SERVICE_URL), type: 'invoke' };
    expect(checkActivity({ ...base, name: 'task/fetch', value: {} })).toEqual({ kind: 'unsupported-invoke', name: 'task/fetch' });
    expect(checkActivity({ ...base, name: 'adaptiveCard/action', value: { action: null } }).kind).toBe('malformed');
    expect(checkActivity({ ...base, name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'refresh' } } }).kind).toBe('ok');
  });

  it('lets other activity types through with their common fields checked', () => {
    const { text: _t, entities: _e, ...rest } = messageActivity('', SERVICE_URL);
    expect(checkActivity({ ...rest, type: 'conversationUpdate', membersAdded: [{ id: '28:bot' }] }).kind).toBe('ok');
    expect(checkActivity({ ...rest, type: 'conversationUpdate', membersAdded: [{ name: 'no id' }] }).kind).toBe('malformed');
    expect(checkActivity({ ...rest, type: 'typing', conversation: undefined }).kind).toBe('malformed');
    expect(checkActivity([]).kind).toBe('malformed');
  });

  it('gives authentication only correctly typed fields', () => {
    expect(authenticationView({ channelId: 5, serviceUrl: { x: 1 }, recipient: 'r' })).toEqual({ channelId: '', serviceUrl: '' });
    expect(authenticationView({ channelId: 'msteams', serviceUrl: SERVICE_URL, recipient: { id: 'b', role: 'skill' } }))
      .toEqual({ channelId: 'msteams', serviceUrl: SERVICE_URL, recipient: { id: 'b', name: '', role: 'skill' } });
  });
});

describe('body rules', () => {
  it('content type: application/json with no charset or UTF-8 only', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonContentType('APPLICATION/JSON;CHARSET="UTF-8"')).toBe(true);
    for (const bad of [undefined, '', 'text/json', 'application/json-patch+json', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x']) {
      expect(isJsonContentType(bad), String(bad)).toBe(false);
    }
  });

  it('content encoding: none or identity only', () => {
    expect(isIdentityEncoding(undefined)).toBe(true);
    expect(isIdentityEncoding('identity')).toBe(true);
    expect(isIdentityEncoding('gzip')).toBe(false);
  });

  it('parses UTF-8 JSON and drops "__proto__" keys', () => {
    const parsed = parseJsonBody(Buffer.from('{"a":{"__proto__":{"x":1},"b":2}}'));
    expect(parsed).toEqual({ ok: true, value: { a: { b: 2 } } });
    // The same key spelt with \u escapes, and bodies with no such key (parsed without the reviver).
    const escaped = parseJsonBody(Buffer.from(String.raw`{"\u005f_proto__":{"x":1},"b":{"__\u0070roto__":1,"t":"\u00e9"}}`));
    expect(escaped).toEqual({ ok: true, value: { b: { t: 'é' } } });
    expect(Object.hasOwn((escaped as { value: object }).value, '__proto__')).toBe(false);
    expect(parseJsonBody(Buffer.from('{"a":[1,{"b":null}],"c":"proto"}'))).toEqual({ ok: true, value: { a: [1, { b: null }], c: 'proto' } });
    expect(parseJsonBody(Buffer.from([0xc3, 0x28]))).toMatchObject({ ok: false, status: 400 });
    expect(parseJsonBody(Buffer.alloc(0))).toMatchObject({ ok: false, status: 400 });
  });
});
