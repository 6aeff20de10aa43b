// A minimal Bot Connector stand-in for the round-trip benchmark: answers the REST calls a bot makes
// at `serviceUrl` (send, reply, update) with an id and tells a waiter when a message reply to a given
// activity arrives. 127.0.0.1, ephemeral port.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** A running recorder. */
export interface ConnectorRecorder {
  /** Base URL for the activity's `serviceUrl` (ends with `/`). */
  url: string;
  /** Resolves with performance.now() of the first `message` reply to `activityId` (rejects after `timeoutMs`). */
  replyTo(activityId: string, timeoutMs: number): Promise<number>;
  /** Activities received (any type), for a sanity figure. */
  received(): number;
  stop(): Promise<void>;
}

const REPLY = /^\/v3\/conversations\/[^/]+\/activities\/([^/]+)\/?$/;

async function body(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the recorder. */
export async function startConnectorRecorder(): Promise<ConnectorRecorder> {
  const arrived = new Map<string, number>();
  const waiters = new Map<string, (at: number) => void>();
  let count = 0;
  let ids = 0;
  const server = createServer((req, res) => {
    void body(req).then((activity) => {
      const at = performance.now();
      count += 1;
      ids += 1;
      const path = (req.url ?? '/').split('?')[0];
      const m = REPLY.exec(path);
      if (req.method === 'POST' && m && activity?.type === 'message') {
        const replyTo = decodeURIComponent(m[1]);
        if (!arrived.has(replyTo)) arrived.set(replyTo, at);
        waiters.get(replyTo)?.(at);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `bench-activity-${ids}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received: () => count,
    replyTo(activityId, timeoutMs) {
      const seen = arrived.get(activityId);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(activityId);
          reject(new Error(`no reply to ${activityId} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(activityId, (at) => {
          clearTimeout(timer);
          waiters.delete(activityId);
          resolve(at);
        });
      });
    },
    stop() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
