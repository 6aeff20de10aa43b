// The child side of emulator-process.ts: started with an IPC channel, it receives its options as the
// first message, starts the emulator (and, if asked, the local Teams connector) on 127.0.0.1, answers
// the parent's questions (request log, recorded activities, RSS) and exits as soon as the parent asks
// or disappears (the IPC channel closes when the parent exits or is killed).
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator/index.ts';
import { startLocalConnector, type LocalConnector } from '../test/fakes/local-connector.ts';
import type { ChildAnswer, ChildQuestion, ChildStart } from './emulator-process.ts';

let emulator: RunningEmulator | undefined;
let connector: LocalConnector | undefined;

function send(message: ChildAnswer): void {
  process.send?.(message);
}

async function stop(code: number): Promise<never> {
  await Promise.allSettled([emulator?.stop(), connector?.stop()]);
  process.exit(code);
}

async function start(options: ChildStart): Promise<void> {
  const emulatorOptions: EmulatorOptions = { ...options.emulator, port: 0 };
  emulator = await startEmulator(emulatorOptions);
  if (options.connector) connector = await startLocalConnector();
  send({ type: 'ready', url: emulator.url, caPem: emulator.caPem, connectorUrl: connector?.url });
}

function answer(q: ChildQuestion): void {
  switch (q.type) {
    case 'start':
      start(q).catch((err: unknown) => {
        send({ type: 'error', message: err instanceof Error ? err.message : String(err) });
        void stop(1);
      });
      return;
    case 'log': {
      // Only what the parent has not seen yet: the log of a large fleet scan is thousands of entries.
      const all = emulator?.requests() ?? [];
      send({ type: 'log', id: q.id, total: all.length, entries: all.slice(q.since) });
      return;
    }
    case 'activities':
      send({ type: 'activities', id: q.id, activities: (connector?.activities ?? []).map(({ kind, conversationId }) => ({ kind, conversationId })) });
      return;
    case 'rss': {
      const cpu = process.cpuUsage();
      send({ type: 'rss', id: q.id, rss: process.memoryUsage().rss, cpuMs: (cpu.user + cpu.system) / 1000 });
      return;
    }
    case 'stop':
      void stop(0);
  }
}

process.on('message', (m) => answer(m as ChildQuestion));
// The parent went away (exit, crash, SIGKILL): nothing may outlive it.
process.on('disconnect', () => void stop(0));
