// readKubernetes with the real @kubernetes/client-node against tiny local servers (127.0.0.1, port 0):
// retries honour Retry-After, paging follows `continue`, failures become reasons.
import type { ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificate, type EmulatorCertificate } from '../../../emulator/cert.ts';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { KubeconfigError } from '../../../services/kubernetes/kubeconfig.ts';
import { readKubernetes } from '../../../services/kubernetes/reader.ts';
import { tokenKubeconfig } from '../../fakes/kubeconfig.ts';

let cert: EmulatorCertificate;
beforeAll(async () => { cert = await generateCertificate(); });

const kubeconfig = (server: string) => tokenKubeconfig(server, cert.cert);

const list = (kind: string, items: unknown[], cont?: string) => ({ kind, apiVersion: 'v1', metadata: { resourceVersion: '7', ...(cont ? { continue: cont } : {}) }, items });

let server: Server | undefined;
afterEach(async () => {
  if (server) await new Promise<void>((r) => server!.close(() => r()));
  server = undefined;
});

async function serve(handler: (path: string, query: URLSearchParams, res: ServerResponse, auth?: string) => void): Promise<string> {
  server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    res.setHeader('content-type', 'application/json');
    handler(url.pathname, url.searchParams, res, req.headers.authorization);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `https://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('readKubernetes', () => {
  it('reads all four lists, retries a 429 after Retry-After, follows continue tokens', async () => {
    const hits: { path: string; status: number; at: number; auth?: string }[] = [];
    let nodeCalls = 0;
    const url = await serve((path, query, res, auth) => {
      const done = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        hits.push({ path, status, at: Date.now(), auth });
        res.writeHead(status, headers).end(JSON.stringify(body));
      };
      if (path === '/api/v1/nodes') {
        nodeCalls++;
        if (nodeCalls === 1) return done(429, { kind: 'Status', code: 429, message: 'slow down' }, { 'retry-after': '1' });
        if (!query.get('continue')) return done(200, list('NodeList', [{ metadata: { name: 'n1' } }], 'page2'));
        return done(200, list('NodeList', [{ metadata: { name: 'n2' } }]));
      }
      if (path === '/api/v1/namespaces/kube-system/configmaps') return done(200, list('ConfigMapList', [{ metadata: { name: 'cm', namespace: 'kube-system' }, data: { a: 'b' } }]));
      if (path === '/apis/networking.k8s.io/v1/networkpolicies') {
        return done(200, list('NetworkPolicyList', [{ metadata: { name: 'np', namespace: 'x' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] } }]));
      }
      if (path === '/apis/policy/v1/poddisruptionbudgets') return done(200, list('PodDisruptionBudgetList', []));
      return done(404, { kind: 'Status', code: 404 });
    });
    const result = await readKubernetes(kubeconfig(url), { retry: { baseDelayMs: 1 } });
    expect(result.failures).toEqual([]);
    expect(result.lists.nodes!.items.map((n) => (n.metadata as { name: string }).name)).toEqual(['n1', 'n2']);
    expect(result.lists.nodes!.kind).toBe('List');
    expect(result.lists.configMaps!.items).toEqual([{ metadata: { name: 'cm', namespace: 'kube-system' }, data: { a: 'b' } }]);
    // Wire spelling `from`, not the client model's `_from`.
    expect(result.lists.networkPolicies!.items[0].spec).toEqual({ podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] });
    expect(result.lists.podDisruptionBudgets!.items).toEqual([]);
    const nodeHits = hits.filter((h) => h.path === '/api/v1/nodes');
    expect(nodeHits.map((h) => h.status)).toEqual([429, 200, 200]);
    expect(nodeHits[1].at - nodeHits[0].at).toBeGreaterThanOrEqual(950);
    expect(hits.every((h) => h.auth === 'Bearer t0ken')).toBe(true);
  });

  it('reports 403 per list without throwing, and gives up on endless 429 after the bound', async () => {
    let pdbCalls = 0;
    const url = await serve((path, _q, res) => {
      if (path === '/api/v1/nodes') return res.writeHead(403).end(JSON.stringify({ kind: 'Status', code: 403, message: 'nodes is forbidden: User "u" cannot list resource "nodes"' }));
      if (path === '/apis/policy/v1/poddisruptionbudgets') { pdbCalls++; return res.writeHead(429, { 'retry-after': '0' }).end('{}'); }
      return res.writeHead(200).end(JSON.stringify(list('List', [])));
    });
    const result = await readKubernetes(kubeconfig(url), { retry: { attempts: 3, baseDelayMs: 1 } });
    expect(Object.keys(result.lists).sort()).toEqual(['configMaps', 'networkPolicies']);
    expect(result.failures.map((f) => f.list).sort()).toEqual(['nodes', 'podDisruptionBudgets']);
    expect(result.failures.find((f) => f.list === 'nodes')!.reason).toMatch(/forbidden \(403\): nodes is forbidden/);
    expect(result.failures.find((f) => f.list === 'podDisruptionBudgets')!.reason).toMatch(/throttled \(429\) after retries/);
    expect(pdbCalls).toBe(3);
  });

  it('reports an unreachable API server as unreachable', async () => {
    const url = await serve(() => {});
    const port = (server!.address() as AddressInfo).port;
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    const result = await readKubernetes(kubeconfig(url.replace(/:\d+$/, `:${port}`)), { retry: { attempts: 2, baseDelayMs: 1 } });
    expect(result.lists).toEqual({});
    expect(result.failures).toHaveLength(4);
    for (const f of result.failures) expect(f.reason).toMatch(/unreachable \(ECONNREFUSED\)/);
  });
});

describe('readKubernetes: deadlines, Entra tokens, refused kubeconfigs', () => {
  it('gives up on an API server that accepts TCP and never answers: 10 s deadline (here 300 ms), one retry, reason says timeout', async () => {
    const sockets = new Set<Socket>();
    let connections = 0;
    const hole = createTcpServer((s) => { connections++; sockets.add(s); s.on('error', () => {}); });
    await new Promise<void>((r) => hole.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (hole.address() as AddressInfo).port;
      const started = Date.now();
      const result = await readKubernetes(kubeconfig(`https://127.0.0.1:${port}`), { timeoutMs: 300, retry: { baseDelayMs: 1 } });
      const elapsed = Date.now() - started;
      expect(result.lists).toEqual({});
      expect(result.failures.map((f) => f.kind)).toEqual(['timeout', 'timeout', 'timeout', 'timeout']);
      for (const f of result.failures) expect(f.reason).toMatch(/^Kubernetes \w+: timeout: 127\.0\.0\.1:\d+ did not answer \(no answer within 0\.3 s\)/);
      expect(connections).toBe(8); // four lists, each tried twice
      expect(elapsed).toBeLessThan(5_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => hole.close(() => r()));
    }
  });

  it('an Entra ID kubeconfig (kubelogin exec): the bearer comes from the token source on every request, kubelogin never runs', async () => {
    const auths: (string | undefined)[] = [];
    const url = await serve((_path, _q, res, auth) => { auths.push(auth); res.writeHead(200).end(JSON.stringify(list('List', []))); });
    const yaml = kubeconfig(url).replace('    token: t0ken', [
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      '      command: /nonexistent/kubelogin',
      '      args: [get-token, --login, devicecode, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]',
    ].join('\n'));
    let n = 0;
    const result = await readKubernetes(yaml, { token: async () => `tok-${++n}` });
    expect(result.failures).toEqual([]);
    expect(auths.sort()).toEqual(['Bearer tok-1', 'Bearer tok-2', 'Bearer tok-3', 'Bearer tok-4']);
    await expect(readKubernetes(yaml)).rejects.toThrow(/Entra ID \(server id 6dae42f8-4368-4678-94ff-3960e28e3630\) and no token source/);
  });

  it('refuses a kubeconfig with insecure-skip-tls-verify before sending anything', async () => {
    let hits = 0;
    const url = await serve((_p, _q, res) => { hits++; res.writeHead(200).end(JSON.stringify(list('List', []))); });
    const insecure = kubeconfig(url).replace(/ {4}certificate-authority-data: .*\n/, '    insecure-skip-tls-verify: true\n');
    const err = await readKubernetes(insecure).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeconfigError);
    expect((err as KubeconfigError).message).toMatch(/cluster "c" sets insecure-skip-tls-verify: true; NetPilot never talks to an API server it cannot verify/);
    expect((err as KubeconfigError).hint).toMatch(/certificate-authority-data/);
    expect(hits).toBe(0);
  });
});
