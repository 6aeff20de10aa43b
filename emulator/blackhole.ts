// The API server endpoint of a private (or IP-restricted) cluster as seen from outside its network:
// a TCP listener on 127.0.0.1 that accepts connections and never answers, not even the TLS
// handshake, so a client without its own timeout hangs exactly as against a real private endpoint.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A started black-hole listener. */
export interface Blackhole {
  /** `https://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Connections accepted so far (for tests). */
  accepted(): number;
  /** Closes the listener and destroys every held connection. */
  stop(): Promise<void>;
}

/** Starts a black-hole listener on 127.0.0.1 (ephemeral port). */
export async function startBlackhole(): Promise<Blackhole> {
  const sockets = new Set<Socket>();
  let count = 0;
  let stopping = false;
  const server: Server = createServer((socket) => {
    if (stopping) {
      socket.destroy();
      return;
    }
    count += 1;
    sockets.add(socket);
    socket.on('error', () => { /* the client gave up: nothing to do */ });
    socket.on('close', () => sockets.delete(socket));
    socket.pause();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    accepted: () => count,
    stop: async () => {
      stopping = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
