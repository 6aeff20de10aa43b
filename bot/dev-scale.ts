// `npm run dev:scale`: NetPilot scaled out on one machine, as several instances run in production.
// Azurite (data under NETPILOT_DATA_DIR/azurite), the ARM + Kubernetes emulator, two NetPilot
// instances (`npm start` each, NETPILOT_STORE=azure on Azurite) and one endpoint on 127.0.0.1:PORT
// that hands each request to the next instance (the next one again when an instance is down), with
// the Agents Playground on the first instance. Ctrl-C stops everything.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as netServer } from 'node:net';
import { join } from 'node:path';
import { startAzurite } from '../emulator/azurite.ts';
import { startEmulator } from '../emulator/index.ts';
import { ConfigError, loadConfig, loadDotEnv } from '../services/config.ts';

const INSTANCES = 2;

/** A port the OS says is free now (for a child that needs a fixed PORT). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = netServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts one `npm start` instance; resolves once it listens. Its output is prefixed with its name. */
function startInstance(name: string, env: Record<string, string | undefined>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join('bot', 'index.ts')], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const relay = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      for (const line of text.split('\n').filter(Boolean)) stream.write(`[${name}] ${line}\n`);
      if (text.includes('NetPilot is running')) resolve(child);
    };
    child.stdout?.on('data', relay(process.stdout));
    child.stderr?.on('data', relay(process.stderr));
    child.once('exit', (code) => reject(new Error(`instance ${name} exited with code ${code} before it was ready`)));
  });
}

/** One endpoint for every instance: round robin, skipping an instance that refuses the connection. */
function roundRobin(targets: number[], port: number): Promise<() => Promise<void>> {
  let next = 0;
  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, tries: number): void => {
    const target = targets[next++ % targets.length];
    const out = httpRequest({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.once('error', () => {
      if (tries + 1 < targets.length && !res.headersSent) forward(req, res, body, tries + 1);
      else if (!res.headersSent) res.writeHead(502).end();
    });
    out.end(body);
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, res, Buffer.concat(chunks), 0));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(() => new Promise((done) => server.close(() => done()))));
  });
}

async function main(): Promise<number> {
  const env = loadDotEnv('.env');
  let config;
  try {
    config = loadConfig(env, { defaultEmulatorSpeed: 20 });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`dev:scale: invalid configuration\n${err.problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 2;
  }
  if (config.productionRules) {
    process.stderr.write('dev:scale runs the demo (emulated Azure): unset AZURE_SUBSCRIPTION_IDS\n');
    return 2;
  }
  const stops: (() => unknown)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await Promise.resolve(stop()).catch(() => undefined);
  };
  try {
    const azurite = await startAzurite({ location: join(config.dataDir, 'azurite') });
    stops.push(() => azurite.stop());
    const emulator = await startEmulator({ port: config.emulatorPort ?? 0, speed: config.emulatorSpeed, dataDir: config.dataDir,
      ...(config.fleetFile ? { fleetFile: config.fleetFile } : {}) });
    stops.push(() => emulator.stop());
    const ports = await Promise.all(Array.from({ length: INSTANCES }, () => freePort()));
    const children = await Promise.all(ports.map((port, i) => startInstance(String.fromCharCode(65 + i), {
      ...env, PORT: String(port), NETPILOT_STORE: 'azure', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_ACCOUNT_URL: undefined, NETPILOT_EMULATOR_URL: emulator.url, NETPILOT_DATA_DIR: config.dataDir,
      NETPILOT_PLAYGROUND: i === 0 && config.playground ? '1' : '0',
    })));
    for (const child of children) {
      stops.push(() => new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }));
    }
    stops.push(await roundRobin(ports, config.port));
    process.stdout.write([
      '',
      `NetPilot scaled out: ${INSTANCES} instances (${ports.map((p, i) => `${String.fromCharCode(65 + i)} on 127.0.0.1:${p}`).join(', ')}),`,
      `  one store on Azurite (${azurite.tableEndpoint}), one emulator (${emulator.url}).`,
      `  shared endpoint (round robin): http://127.0.0.1:${config.port}/api/messages`,
      config.playground ? '  the Agents Playground talks to instance A (its URL is in the lines above).' : '  Agents Playground: off (NETPILOT_PLAYGROUND=0)',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'));
    await new Promise<void>((resolve) => {
      const onSignal = (): void => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      for (const child of children) child.once('exit', onSignal);
    });
  } finally {
    await stopAll();
  }
  return 0;
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`dev:scale: could not start: ${(err as Error).message ?? String(err)}\n`);
  process.exitCode = 1;
});
