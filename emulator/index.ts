// The Azure emulator: ARM REST API + one Kubernetes API per cluster, over HTTPS on 127.0.0.1
// with a certificate generated at start-up. Real @azure/arm-* and @kubernetes/client-node
// clients talk to it exactly as to Azure. Stands alone: imports nothing from services/.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { armError, handleArm, type ArmResponse } from './arm.ts';
import { armAudiences, armAuthFailure, bearerToken, checkToken } from './auth.ts';
import { startBlackhole } from './blackhole.ts';
import { generateCertificate } from './cert.ts';
import { kubeTokenAccepted, unreachableReason } from './credentials.ts';
import { loadFleetFile, parseFleet, type Fleet } from './fleet.ts';
import { handleKube, kubeStatus } from './kube.ts';
import { fleetHash, lockStateFile, readStateFile, STATE_FORMAT, StateSaver, unlockStateFile, type LoadedState } from './persist.ts';
import { realClock, type EmulatorClock } from './clock.ts';
import { EmulatorState } from './state.ts';
import { Throttle, type BucketLimit, type BucketName } from './throttle.ts';

export { FleetFileError, loadFleetFile, parseFleet, type Fleet, type FleetCluster } from './fleet.ts';
export { DEFAULT_LIMITS, type BucketLimit, type BucketName } from './throttle.ts';
export { realClock, type EmulatorClock } from './clock.ts';
export { TIMINGS } from './timings.ts';
export { AKS_CLIENT_ID, AKS_SERVER_ID, decodeJwt } from './auth.ts';

/** How long a finished operation stays readable at its status URL, in emulated ms (divided by speed). */
export const DEFAULT_OPERATION_RETENTION_MS = 3_600_000;

/** Absolute path of the bundled demo fleet. */
export const DEMO_FLEET_PATH: string = fileURLToPath(new URL('./fleets/demo.json', import.meta.url));

/** Injected faults; all off by default. */
export interface EmulatorFaults {
  /** Added to every response, in milliseconds. */
  latencyMs?: number;
  /** Fraction (0..1) of ARM requests answered 500 InternalServerError. */
  errorRate?: number;
  /** Bucket size / refill overrides (e.g. `{ clusterGet: { size: 1, refillPerSecond: 0 } }` to force a 429). */
  throttle?: Partial<Record<BucketName, BucketLimit>>;
  /** Fraction (0..1) of accepted managed-cluster PUTs whose response is dropped: the update is applied
   * and its operation runs, but the connection is destroyed without an answer. */
  dropAcceptedPutRate?: number;
  /** Cluster name (case-insensitive) -> HTTP status answered to every ARM request on that managed
   * cluster and below it (GET, pools, credentials); listing clusters still shows it. */
  clusterErrors?: Record<string, number>;
}

/** The injected status for an ARM path on a managed cluster named in `clusterErrors`, if any. */
function clusterFault(path: string, clusterErrors: Record<string, number> | undefined): number | undefined {
  if (!clusterErrors) return undefined;
  const m = /\/managedclusters\/([^/]+)/i.exec(path);
  if (!m) return undefined;
  const name = decodeURIComponent(m[1]).toLowerCase();
  const hit = Object.entries(clusterErrors).find(([k]) => k.toLowerCase() === name);
  return hit?.[1];
}

/** How to start the emulator. */
export interface EmulatorOptions {
  /** Default 0 = ephemeral; binds 127.0.0.1 only. */
  port?: number;
  /** Fleet JSON path; default DEMO_FLEET_PATH. */
  fleetFile?: string;
  /** An already parsed fleet object (wins over fleetFile). */
  fleet?: unknown;
  /** Divides every emulated duration; default 1 (fleet `emulator.speed` when not given). */
  speed?: number;
  /** When set, `emulator-ca.pem` (the certificate clients must trust) is written there. */
  dataDir?: string;
  faults?: EmulatorFaults;
  /** Items per page of ARM list responses (`nextLink` paging); default 3. */
  pageSize?: number;
  /** Time source for operations and throttling; default the real clock. */
  clock?: EmulatorClock;
  /** When set, the mutable world (clusters, operations, nodes, schedule) and the port are saved
   * there and loaded on start instead of the fleet, unless the fleet changed since. With `port`
   * 0/absent the saved port is tried first (then an ephemeral one). */
  stateFile?: string;
  /** How long a finished operation (and a runCommand result) stays readable, in emulated ms; default
   * DEFAULT_OPERATION_RETENTION_MS (1 hour). Divided by speed like every emulated duration. */
  operationRetentionMs?: number;
}

/** What the emulator did with its state file. */
export interface EmulatorPersistence {
  file: string;
  /** `loaded`: the saved world was resumed; `absent`: none yet; `ignored`: see `reason` (fleet changed, unreadable). */
  restored: LoadedState['status'];
  reason?: string;
  /** True when another live emulator writes the file: this one loaded it and never writes. */
  readOnly: boolean;
}

/** One request the emulator served. */
export interface EmulatorLogEntry {
  method: string;
  path: string;
  status: number;
  time: string;
  /** True when the response was dropped on purpose (fault `dropAcceptedPutRate`): the client got none. */
  dropped?: boolean;
}

/** A started emulator. */
export interface RunningEmulator {
  /** ARM endpoint, e.g. https://127.0.0.1:43123 */
  url: string;
  port: number;
  /** PEM clients pass as tlsOptions.ca / kubeconfig certificate-authority-data. */
  caPem: string;
  /** Base URL of the listener that stands for private API server endpoints (accepts, never answers). */
  unreachableUrl: string;
  /** Present when started with `stateFile`. */
  persistence?: EmulatorPersistence;
  requests(): EmulatorLogEntry[];
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** Starts the emulator; resolves once it listens. Throws `FleetFileError` for a malformed fleet. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const fleetFile = options.fleetFile ?? DEMO_FLEET_PATH;
  const fleet: Fleet = options.fleet !== undefined
    ? parseFleet(options.fleet, '<fleet object>')
    : loadFleetFile(fleetFile);
  const speed = options.speed ?? fleet.emulator.speed ?? 1;
  if (!(speed > 0)) throw new RangeError(`speed must be > 0 (got ${speed})`);
  const clock = options.clock ?? realClock;
  const faults: EmulatorFaults = {
    ...(fleet.emulator.faults as EmulatorFaults | undefined),
    ...options.faults,
  };
  let loaded: LoadedState = { status: 'absent' };
  let hash = '';
  let writer = false;
  if (options.stateFile) {
    hash = fleetHash(options.fleet !== undefined ? JSON.stringify(options.fleet) : readFileSync(fleetFile, 'utf8'));
    loaded = readStateFile(options.stateFile, hash);
    writer = lockStateFile(options.stateFile);
  }
  const state = new EmulatorState(fleet, clock, speed, loaded.status === 'loaded' ? loaded.world : undefined);
  const throttle = new Throttle(faults.throttle ?? {}, () => clock.now());
  const cert = await generateCertificate();
  const blackhole = await startBlackhole();
  const log: EmulatorLogEntry[] = [];
  let baseUrl = '';
  const ctx = {
    state,
    throttle,
    baseUrl: () => baseUrl,
    unreachableUrl: () => blackhole.url,
    caPem: () => cert.cert,
    pageSize: options.pageSize ?? fleet.emulator.pageSize ?? 3,
    speed,
    now: () => clock.now(),
    retentionMs: (options.operationRetentionMs ?? DEFAULT_OPERATION_RETENTION_MS) / speed,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    if (url.pathname === '/_emulator/log') {
      send(res, 200, log);
      return;
    }
    const finish = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      log.push({ method, path: url.pathname, status, time: new Date(clock.now()).toISOString() });
      send(res, status, payload, headers);
    };
    if (faults.latencyMs) await new Promise((r) => setTimeout(r, faults.latencyMs));

    const k8s = /^\/k8s\/([^/]+)\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (k8s) {
      const c = state.get(decodeURIComponent(k8s[1]), decodeURIComponent(k8s[2]), decodeURIComponent(k8s[3]));
      if (!c) {
        const r = kubeStatus(404, 'NotFound', 'the server could not find the requested resource');
        finish(r.status, r.body);
        return;
      }
      if (unreachableReason(c)) {
        // Reached through the public endpoint although the API server is private / IP-restricted:
        // nothing answers, as nothing would on a real network (the connection closes on stop).
        log.push({ method, path: url.pathname, status: 0, time: new Date(clock.now()).toISOString(), dropped: true });
        return;
      }
      if (!kubeTokenAccepted(c, bearerToken(req.headers.authorization), Date.now())) {
        const r = kubeStatus(401, 'Unauthorized', 'Unauthorized');
        finish(r.status, r.body);
        return;
      }
      const r = handleKube(method, k8s[4] ?? '/', url.searchParams, c, state);
      finish(r.status, r.body);
      return;
    }

    const requestId = randomUUID();
    const ids = { 'x-ms-request-id': requestId, 'x-ms-correlation-request-id': header(req, 'x-ms-client-request-id') ?? requestId };
    const audiences = armAudiences(baseUrl);
    const tokenCheck = checkToken(bearerToken(req.headers.authorization), audiences, Date.now());
    if (!tokenCheck.ok) {
      const failure = armAuthFailure(tokenCheck, audiences, Date.now());
      const r = armError(401, failure.code, failure.message);
      finish(r.status, r.body, { ...ids, 'www-authenticate': failure.wwwAuthenticate });
      return;
    }
    if (faults.errorRate && Math.random() < faults.errorRate) {
      const r = armError(500, 'InternalServerError', 'Encountered internal server error. Please try again later. (injected fault)');
      finish(r.status, r.body, ids);
      return;
    }
    const forced = clusterFault(url.pathname, faults.clusterErrors);
    if (forced) {
      const r = armError(forced, forced === 403 ? 'AuthorizationFailed' : 'InternalServerError',
        `Injected fault: status ${forced} for this managed cluster.`);
      finish(r.status, r.body, ids);
      return;
    }
    let out: ArmResponse;
    try {
      out = handleArm({ method, path: url.pathname, query: url.searchParams, headers: req.headers, body }, ctx);
    } catch (err) {
      out = armError(500, 'InternalServerError', `Encountered internal server error: ${(err as Error).message}`);
    }
    const acceptedPut = method === 'PUT' && (out.status === 200 || out.status === 201) && /\/managedclusters\/[^/]+$/i.test(url.pathname);
    if (acceptedPut && faults.dropAcceptedPutRate && Math.random() < faults.dropAcceptedPutRate) {
      log.push({ method, path: url.pathname, status: out.status, time: new Date(clock.now()).toISOString(), dropped: true });
      req.socket.destroy();
      return;
    }
    finish(out.status, out.body, { ...ids, ...(out.headers ?? {}) });
  };

  const server: Server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { code: 'InternalServerError', message: String((err as Error)?.message ?? err) } });
    });
  });
  let port = 0;
  const saver = options.stateFile && writer
    ? new StateSaver(options.stateFile, () => ({ format: STATE_FORMAT, fleetHash: hash, port, savedAt: new Date(clock.now()).toISOString(), world: state.save() }))
    : undefined;
  if (saver) state.onChange = (urgent) => saver.changed(urgent);
  // Steps due while no emulator ran apply now, before the first request is served.
  state.resume();
  const previousPort = loaded.status === 'absent' ? undefined : loaded.port;
  try {
    if (!options.port && previousPort) {
      try {
        await listen(server, previousPort);
      } catch {
        await listen(server, 0);
      }
    } else {
      await listen(server, options.port ?? 0);
    }
    port = (server.address() as AddressInfo).port;
    saver?.flush();
  } catch (err) {
    state.stop();
    await blackhole.stop();
    if (options.stateFile && writer) unlockStateFile(options.stateFile);
    throw err;
  }
  baseUrl = `https://127.0.0.1:${port}`;
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(join(options.dataDir, 'emulator-ca.pem'), cert.cert);
  }
  return {
    url: baseUrl,
    port,
    caPem: cert.cert,
    unreachableUrl: blackhole.url,
    ...(options.stateFile ? { persistence: {
      file: options.stateFile, restored: loaded.status, ...(loaded.status === 'ignored' ? { reason: loaded.reason } : {}), readOnly: !writer,
    } } : {}),
    requests: () => log.map((e) => ({ ...e })),
    stop: async () => {
      state.stop();
      if (saver) {
        try {
          saver.close();
        } finally {
          unlockStateFile(options.stateFile!);
        }
      }
      server.closeAllConnections();
      await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), blackhole.stop()]);
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
