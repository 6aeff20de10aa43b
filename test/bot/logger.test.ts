// The one logger (bot/logger.ts): errors logged as `{ err }` keep what an operator needs (type,
// message, stack, status, code, Retry-After) and never the credentials an HTTP error may carry.
import { Writable } from 'node:stream';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/logger.ts';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.c2lnbmF0dXJl';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({ write: (chunk, _enc, cb) => { lines.push(String(chunk)); cb(); } });
  return { logger: createLogger({ level: 'debug', destination }), lines, record: () => JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown> };
}

describe('logger error serializer', () => {
  it('logs an Azure RestError with its status, code, Retry-After and stack, and no bearer token', () => {
    const { logger, lines, record } = capture();
    const request = createPipelineRequest({ url: 'https://management.azure.com/subscriptions?api-version=2022-12-01', method: 'GET',
      headers: createHttpHeaders({ authorization: `Bearer ${TOKEN}` }) });
    const response = { request, status: 429, headers: createHttpHeaders({ 'retry-after': '7' }), bodyAsText: '{}' };
    const err = new RestError('The request was throttled', { statusCode: 429, code: 'Throttled', request, response });
    logger.warn({ err, subscriptionId: 's1' }, 'cannot list clusters');
    expect(lines.join('')).not.toContain(TOKEN);
    const e = record().err as Record<string, unknown>;
    expect(e).toMatchObject({ type: 'RestError', message: 'The request was throttled', status: 429, code: 'Throttled', retryAfterSeconds: 7 });
    expect(String(e.stack)).toMatch(/RestError: The request was throttled\n\s+at /);
  });

  it('drops enumerable request/response/config objects (ms-rest-js, axios shapes) and bearer text in messages', () => {
    const { logger, lines, record } = capture();
    const err = Object.assign(new Error(`send failed for Bearer ${TOKEN}`), {
      statusCode: 502,
      request: { url: 'https://smba.trafficmanager.net/x', headers: { _headersMap: { authorization: { name: 'Authorization', value: `Bearer ${TOKEN}` } } } },
      response: { status: 502, headers: { 'set-cookie': `session=${TOKEN}` } },
      config: { headers: { Authorization: `Bearer ${TOKEN}` } },
      details: { token: TOKEN, reason: 'gateway' },
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    logger.error({ err }, 'Teams call failed');
    const text = lines.join('');
    expect(text).not.toContain(TOKEN);
    const e = record().err as Record<string, unknown>;
    expect(e).toMatchObject({ type: 'Error', status: 502, details: { token: '[redacted]', reason: 'gateway' } });
    expect(e.message).toBe('send failed for Bearer [redacted]: socket hang up');
    expect(e).not.toHaveProperty('request');
    expect(e).not.toHaveProperty('config');
    expect(String(e.stack)).toContain('caused by: Error: socket hang up');
  });

  it('serializes a network error with its code, and leaves other fields alone', () => {
    const { logger, record } = capture();
    logger.info({ err: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), attempt: 2 }, 'retrying');
    expect(record()).toMatchObject({ attempt: 2, err: { type: 'Error', code: 'ECONNREFUSED', networkCode: 'ECONNREFUSED' } });
    logger.warn({ err: new Error(`invalid token ${TOKEN}`) }, 'rejected');
    expect(record()).toMatchObject({ err: { message: 'invalid token [redacted]' } });
  });
});
