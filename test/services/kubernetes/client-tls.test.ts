// The Kubernetes clients' TLS set-up cost: every connection to every API server with the same CA and
// credentials shares one secure context (Node parses the CA again for each connection otherwise),
// while each API server keeps its own connections. Real client-node against two local HTTPS servers.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { syncBuiltinESMExports } from 'node:module';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificate, type EmulatorCertificate } from '../../../emulator/cert.ts';
import { readKubernetes } from '../../../services/kubernetes/reader.ts';
import { tokenKubeconfig } from '../../fakes/kubeconfig.ts';

let cert: EmulatorCertificate;
const servers: Server[] = [];
const connections = new Map<string, number>();

const kubeconfig = (server: string, token: string) => tokenKubeconfig(server, cert.cert, token);

async function serve(): Promise<string> {
  const server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('secureConnection', () => connections.set(url, (connections.get(url) ?? 0) + 1));
  servers.push(server);
  return url;
}

beforeAll(async () => { cert = await generateCertificate(); });
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

describe('Kubernetes client TLS', () => {
  it('builds one secure context for every connection to servers with the same CA and credentials', async () => {
    const [a, b] = [await serve(), await serve()];
    const original = tls.createSecureContext;
    let built = 0;
    tls.createSecureContext = (...args: Parameters<typeof original>) => {
      built += 1;
      return original(...args);
    };
    syncBuiltinESMExports();
    try {
      const reads = await Promise.all([readKubernetes(kubeconfig(a, 'same')), readKubernetes(kubeconfig(b, 'same'))]);
      for (const r of reads) expect(r.failures).toEqual([]);
    } finally {
      tls.createSecureContext = original;
      syncBuiltinESMExports();
    }
    // Four lists read in parallel from each server: several connections each, one context in all.
    expect(connections.get(a)).toBeGreaterThanOrEqual(1);
    expect(connections.get(b)).toBeGreaterThanOrEqual(1);
    expect((connections.get(a) ?? 0) + (connections.get(b) ?? 0)).toBeGreaterThan(2);
    expect(built).toBe(1);
  });
});
