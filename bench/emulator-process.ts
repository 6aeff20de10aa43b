// The emulator (and, if asked, the local Teams connector) in a CHILD process (emulator-child.ts, run
// from its esbuild bundle so that it starts in a fraction of a second), so that a benchmark measures
// NetPilot's CPU, wall time and memory, not the emulator's. Listens on 127.0.0.1 only. The child is killed when `stop` is called, when the bench process exits (also on
// failure), and it exits by itself when the IPC channel closes (the bench process was killed).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmulatorLogEntry, EmulatorOptions } from '../emulator/index.ts';
import type { Recorded } from '../test/fakes/local-connector.ts';
import { ensureBundle } from './bundles.ts';

/** What the child is started with: only options that survive JSON (no clock). */
export interface ChildStart {
  type: 'start';
  emulator: Pick<EmulatorOptions, 'fleet' | 'fleetFile' | 'speed' | 'faults' | 'pageSize'>;
  /** Also start the local Bot Connector (startLocalConnector) in the child. */
  connector?: boolean;
}

/** Messages to the child. */
export type ChildQuestion = ChildStart
  | { type: 'log'; id: number; since: number }
  | { type: 'activities'; id: number }
  | { type: 'rss'; id: number }
  | { type: 'stop' };

/** A recorded connector activity, as much of it as the benchmarks count. */
export type ConnectorActivity = Pick<Recorded, 'kind' | 'conversationId'>;

/** Messages from the child. */
export type ChildAnswer =
  | { type: 'ready'; url: string; caPem: string; connectorUrl?: string }
  | { type: 'error'; message: string }
  | { type: 'log'; id: number; total: number; entries: EmulatorLogEntry[] }
  | { type: 'activities'; id: number; activities: ConnectorActivity[] }
  | { type: 'rss'; id: number; rss: number; cpuMs: number };

/** A running emulator child. */
export interface EmulatorProcess {
  url: string;
  caPem: string;
  /** Base URL of the local connector (with `connector: true`). */
  connectorUrl?: string;
  pid: number;
  /** Requests served from index `since` on, and how many were served in all. */
  requests(since?: number): Promise<{ total: number; entries: EmulatorLogEntry[] }>;
  /** Activities the local connector answered with 2xx. */
  activities(): Promise<ConnectorActivity[]>;
  /** The child's resident set size, in bytes. */
  rss(): Promise<number>;
  /** The child's resident set size (bytes) and the CPU time it used so far (user + system, ms). */
  usage(): Promise<{ rss: number; cpuMs: number }>;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

/** Forks a module (TypeScript under tsx, or plain JavaScript with `tsx: false`) with an IPC channel and
 * the Node flags `nodeFlags`; it is SIGKILLed if this process exits first. */
export function forkChild(script: string, tsx = true, nodeFlags: readonly string[] = []): { child: ChildProcess; exited: Promise<void>; kill(): Promise<void> } {
  const child = fork(script, [], {
    cwd: ROOT, execArgv: [...(tsx ? ['--import', 'tsx'] : []), ...nodeFlags], stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_NO_WARNINGS: '1' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  void exited.then(() => process.off('exit', onExit));
  return {
    child, exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Waits for the first message `pick` accepts; rejects when the child exits or `timeoutMs` passes. */
export function nextMessage<T>(child: ChildProcess, what: string, pick: (m: unknown) => T | undefined, timeoutMs = START_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (m: unknown) => {
      if (m && typeof m === 'object' && (m as { type?: string }).type === 'error') {
        done();
        reject(new Error(`${what}: ${(m as { message: string }).message}`));
        return;
      }
      const v = pick(m);
      if (v !== undefined) {
        done();
        resolve(v);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`${what}: the child process exited (${code ?? signal})`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Starts the emulator in a child process; resolves once it listens. */
export async function startEmulatorProcess(options: Omit<ChildStart, 'type'>): Promise<EmulatorProcess> {
  const bundled = await ensureBundle('bench-emulator', 'emulator-child', 'bench/emulator-child.ts');
  const forked = forkChild(fileURLToPath(bundled.url), false);
  const { child } = forked;
  let ids = 0;
  const ask = <K extends ChildAnswer['type']>(question: ChildQuestion & { id: number }, type: K): Promise<Extract<ChildAnswer, { type: K }>> => {
    const answer = nextMessage(child, `emulator child (${question.type})`, (m) => {
      const a = m as ChildAnswer;
      return a.type === type && 'id' in a && a.id === question.id ? (a as Extract<ChildAnswer, { type: K }>) : undefined;
    });
    child.send(question);
    return answer;
  };
  try {
    const ready = nextMessage(child, 'emulator child', (m) => ((m as ChildAnswer).type === 'ready' ? (m as Extract<ChildAnswer, { type: 'ready' }>) : undefined));
    child.send({ type: 'start', ...options } satisfies ChildQuestion);
    const { url, caPem, connectorUrl } = await ready;
    return {
      url, caPem, connectorUrl, pid: child.pid ?? 0,
      async requests(since = 0) {
        const a = await ask({ type: 'log', id: ++ids, since }, 'log');
        return { total: a.total, entries: a.entries };
      },
      async activities() {
        return (await ask({ type: 'activities', id: ++ids }, 'activities')).activities;
      },
      async rss() {
        return (await ask({ type: 'rss', id: ++ids }, 'rss')).rss;
      },
      async usage() {
        const { rss, cpuMs } = await ask({ type: 'rss', id: ++ids }, 'rss');
        return { rss, cpuMs };
      },
      async stop() {
        if (child.connected) child.send({ type: 'stop' } satisfies ChildQuestion);
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await forked.exited;
        clearTimeout(timer);
      },
    };
  } catch (err) {
    await forked.kill();
    throw err;
  }
}
