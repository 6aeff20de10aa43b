// Raw HTTP for the edge attacks: any method, headers and body bytes (fetch would fix some of them
// up), plus the checks every attack test makes: the server still answers and nothing reached chat.
import { request } from 'node:http';
import type { Activity } from 'botbuilder';
import type { Harness } from '../bot/harness.ts';
import { messageActivity } from '../bot/harness.ts';

/** What the bot answered. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** Options of rawRequest; `chunked` sends the body without Content-Length. */
export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  chunked?: boolean;
}

/** Sends one request exactly as given and resolves with the answer (never with a socket error after it). */
export function rawRequest(baseUrl: string, opts: RawRequest = {}): Promise<RawResponse> {
  const url = new URL(opts.path ?? '/api/messages', baseUrl);
  const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, 'utf8');
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (body && !opts.chunked) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: opts.method ?? 'POST', headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    // The server may answer (413/415) and close before the whole body is written: that is the point.
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ECONNRESET') return;
      reject(err);
    });
    if (body && opts.chunked) {
      const step = 64 * 1024;
      for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step));
      req.end();
    } else {
      req.end(body);
    }
  });
}

/** POSTs a JSON value (any shape) as application/json. */
export function postJson(baseUrl: string, value: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(baseUrl, { headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) });
}

/** True when GET /healthz answers 200 with status ok. */
export async function alive(baseUrl: string): Promise<boolean> {
  const res = await rawRequest(baseUrl, { method: 'GET', path: '/healthz' });
  return res.status === 200 && (res.json as { status?: unknown } | undefined)?.status === 'ok';
}

/** A well-formed Teams card action invoke (Action.Execute) in a personal chat. */
export function cardActionActivity(serviceUrl: string, value: unknown, conversationId?: string): Partial<Activity> {
  const base = messageActivity('', serviceUrl, conversationId ? { conversationId } : {});
  const { text: _text, entities: _entities, ...rest } = base;
  return { ...rest, type: 'invoke', name: 'adaptiveCard/action', value };
}

/** Snapshot of what the local connector has recorded, to compare after an attack. */
export function connectorCount(h: Harness): number {
  return h.connector.requests.length;
}

/** Posts `activity` and asserts the edge refused it with `status`: no request reached the connector, no turn failed, the server answers. */
export async function expectRefused(h: Harness, activity: unknown, status = 400): Promise<RawResponse> {
  const before = connectorCount(h);
  const logsBefore = h.logs.length;
  const res = await postJson(h.botUrl, activity);
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text.slice(0, 300)}`);
  const newLogs = h.logs.slice(logsBefore).join('\n');
  if (/"msg":"turn failed"/.test(newLogs)) throw new Error(`a turn failed: ${newLogs.slice(0, 500)}`);
  if (connectorCount(h) !== before) throw new Error(`the bot sent something: ${JSON.stringify(h.connector.requests.slice(before))}`);
  if (!(await alive(h.botUrl))) throw new Error('the server stopped answering /healthz');
  return res;
}
