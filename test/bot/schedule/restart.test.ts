// A scheduled start survives a process restart: NetPilot (startNetPilot) in a child process schedules
// a request, is SIGKILLed, and a new process started after the time has passed starts it (once) and
// says so in the thread; a process started before the time starts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.ts';
import { openStore } from '../../../services/store/index.ts';
import { startLocalConnector } from '../../fakes/local-connector.ts';
import { childRunner, until } from '../progress/child-process.ts';
import { THREAD_ID } from '../progress/stack.ts';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../../services/store/sqlite-store.ts';

/** The request's state as the child's store has it, read without writing. */
function requestState(dataDir: string, id: string): string | undefined {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT state FROM requests WHERE id = ?').get(id) as { state?: string } | undefined)?.state;
  } finally {
    db.close();
  }
}

const { startChild, killAll } = childRunner(fileURLToPath(new URL('./child-schedule.ts', import.meta.url)));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await killAll();
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('scheduled start across a process restart', () => {
  it('waits in the store while no NetPilot runs, and the next process starts it when the time has come', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'np-schedule-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const emulator = await startEmulator({ port: 0, speed: 2000, dataDir });
    cleanups.push(() => emulator.stop());
    const connector = await startLocalConnector();
    cleanups.push(() => connector.stop());
    const env = { NETPILOT_DATA_DIR: dataDir, NP_CONNECTOR_URL: connector.url, NETPILOT_EMULATOR_URL: emulator.url };
    const t0 = Date.parse('2026-03-01T09:00:00Z');
    const puts = () => emulator.requests().filter((r) => r.method === 'PUT' && /managedclusters\/aks-podsubnet$/i.test(r.path));
    const texts = () => connector.activities.filter((a) => a.conversationId === THREAD_ID).map((a) => String(a.body?.text ?? ''));

    const first = startChild({ ...env, NP_NOW: String(t0), NP_SCHEDULE: 'aks-podsubnet', NP_IN_MINUTES: '30' });
    const id = (await until('scheduled', () => first.stdout.find((l) => l.startsWith('scheduled ')), first, 90_000)).slice('scheduled '.length);
    first.proc.kill('SIGKILL');
    await first.exited;

    // Back before the time: nothing starts.
    const early = startChild({ ...env, NP_NOW: String(t0 + 10 * 60_000) });
    await until('ready (early)', () => early.stdout.find((l) => l === 'ready'), early, 90_000);
    await new Promise((r) => setTimeout(r, 1500)); // more than one scheduler poll (1 s)
    expect(puts()).toEqual([]);
    early.proc.kill('SIGKILL');
    await early.exited;

    // Back after the time: started once, said in the thread.
    const late = startChild({ ...env, NP_NOW: String(t0 + 31 * 60_000) });
    await until('the scheduled PUT', () => puts().some((p) => p.status >= 200 && p.status < 300) || undefined, late, 90_000);
    await until('the starting notice', () => texts().some((t) => t.startsWith('Scheduled start of aks-podsubnet (Cilium)')) || undefined, late);
    await until('the health summary after the step', () => texts().some((t) => /Health of aks-podsubnet after the Cilium step/.test(t)) || undefined, late, 60_000);
    await until('the request recorded as succeeded', () => requestState(dataDir, id) === 'succeeded' || undefined, late, 30_000);
    late.proc.kill('SIGKILL');
    await late.exited;
    expect(puts()).toHaveLength(1);
    const store = openStore(dataDir);
    try {
      const schedule = store.schedules.get(id);
      expect(schedule).toMatchObject({ state: 'started', kind: 'time' });
      // 30 minutes after the first process's clock read it (which ran on from 09:00 while it started)
      expect(Date.parse(schedule!.dueAt) - t0).toBeGreaterThanOrEqual(30 * 60_000);
      expect(Date.parse(schedule!.dueAt) - t0).toBeLessThan(31 * 60_000);
      expect(store.requests.get(id)?.state).toBe('succeeded');
    } finally {
      store.close();
    }
  }, 400_000);
});
