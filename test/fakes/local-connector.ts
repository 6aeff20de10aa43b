// A small local Bot Connector (the REST API a bot calls at `serviceUrl`): records sends, replies,
// updates and deletes, answers roster requests, and lets a test inject failures (e.g. 429).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the connector saw; `conversationId` is URL-decoded. */
export interface Recorded {
  kind: 'send' | 'reply' | 'update' | 'delete' | 'members' | 'create' | 'other';
  method: string;
  path: string;
  conversationId?: string;
  /** The activity replied to (`POST .../activities/{replyTo}`). */
  replyToId?: string;
  /** The activity updated or deleted. */
  activityId?: string;
  /** The id the connector gave (sends, replies, creates) or the one updated. */
  id?: string;
  /** The JSON body (the activity), `undefined` for GET/DELETE. */
  body?: Record<string, unknown>;
  authorization?: string;
  status: number;
  at: number;
}

/** A request as the `respond` hook sees it, before it is answered. */
export type ConnectorRequest = Omit<Recorded, 'status' | 'id'>;

/** Options: `respond` may answer a request itself (status and headers) instead of the default. */
export interface LocalConnectorOptions {
  respond?: (req: ConnectorRequest) => { status: number; headers?: Record<string, string> } | undefined;
  /** Roster returned by GET .../members. */
  members?: Record<string, unknown>[];
}

/** A running local connector. */
export interface LocalConnector {
  /** Base URL to use as the activity's `serviceUrl` (ends with `/`). */
  url: string;
  /** Requests answered with 2xx, in arrival order. */
  activities: Recorded[];
  /** Every request, including ones the `respond` hook failed. */
  requests: Recorded[];
  /** Resolves with the first recorded activity matching `predicate` (waits for it). */
  waitFor(predicate: (r: Recorded) => boolean, timeoutMs?: number): Promise<Recorded>;
  stop(): Promise<void>;
}

const ROUTE = /\/v3\/conversations(?:\/([^/]+)(?:\/(activities|members)(?:\/([^/]+))?)?)?\/?$/;

function classify(method: string, path: string): Pick<Recorded, 'kind' | 'conversationId' | 'replyToId' | 'activityId'> {
  const m = ROUTE.exec(path);
  if (!m) return { kind: 'other' };
  const conversationId = m[1] ? decodeURIComponent(m[1]) : undefined;
  const sub = m[2];
  const tail = m[3] ? decodeURIComponent(m[3]) : undefined;
  if (!conversationId && method === 'POST') return { kind: 'create' };
  if (sub === 'members' && method === 'GET') return { kind: 'members', conversationId };
  if (sub === 'activities' && method === 'POST') return tail ? { kind: 'reply', conversationId, replyToId: tail } : { kind: 'send', conversationId };
  if (sub === 'activities' && method === 'PUT' && tail) return { kind: 'update', conversationId, activityId: tail };
  if (sub === 'activities' && method === 'DELETE' && tail) return { kind: 'delete', conversationId, activityId: tail };
  return { kind: 'other', conversationId };
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the connector on 127.0.0.1 (ephemeral port). */
export async function startLocalConnector(opts: LocalConnectorOptions = {}): Promise<LocalConnector> {
  const activities: Recorded[] = [];
  const requests: Recorded[] = [];
  let counter = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0];
    const body = await readBody(req);
    const auth = req.headers.authorization;
    const base: ConnectorRequest = { ...classify(method, path), method, path, body, authorization: auth, at: Date.now() };
    const injected = opts.respond?.(base);
    if (injected) {
      requests.push({ ...base, status: injected.status });
      res.writeHead(injected.status, { 'content-type': 'application/json', ...(injected.headers ?? {}) });
      res.end(JSON.stringify({ error: { code: injected.status === 429 ? 'Throttled' : 'Injected', message: 'injected by the test' } }));
      return;
    }
    let status = 200;
    let answer: unknown = {};
    let id: string | undefined;
    switch (base.kind) {
      case 'send':
      case 'reply':
        counter += 1;
        id = `activity-${counter}`;
        answer = { id };
        status = 200;
        break;
      case 'create':
        counter += 1;
        id = `conversation-${counter}`;
        answer = { id, activityId: `activity-${counter}` };
        status = 201;
        break;
      case 'update':
        id = base.activityId;
        answer = { id };
        break;
      case 'delete':
        answer = undefined;
        break;
      case 'members':
        answer = opts.members ?? [];
        break;
      default:
        status = 404;
        answer = { error: { code: 'NotFound', message: `no route ${method} ${path}` } };
    }
    const recorded: Recorded = { ...base, id, status };
    requests.push(recorded);
    if (status < 300) activities.push(recorded);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(answer === undefined ? '' : JSON.stringify(answer));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'ConnectorFake', message: String(err) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    activities,
    requests,
    async waitFor(predicate, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = activities.find(predicate);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = activities.map((a) => `${a.method} ${a.kind} ${a.conversationId ?? ''}`).join('; ');
          throw new Error(`local connector: nothing matched within ${timeoutMs} ms (seen: ${seen || 'nothing'})`);
        }
        await new Promise((r) => setTimeout(r, 15));
      }
    },
    stop() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
