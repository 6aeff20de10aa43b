// Runs a NetPilot child script (child-netpilot.ts, child-demo-netpilot.ts) for the restart tests:
// its stdout lines are collected, and every child started is SIGKILLed by `killAll` after a test.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../../services/store/sqlite-store.ts';

/** A running child script with its output so far and its exit. */
export interface Child { proc: ChildProcess; stdout: string[]; stderr: string[]; exited: Promise<number | null> }

/** Starts children of one script and stops them all on `killAll` (call it in afterEach). */
export function childRunner(script: string): { startChild(env: Record<string, string>): Child; killAll(): Promise<void> } {
  const running: Child[] = [];
  return {
    startChild(env) {
      const proc = spawn(process.execPath, ['--import', 'tsx', script], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_NO_WARNINGS: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const child: Child = { proc, stdout: [], stderr: [], exited: new Promise((resolve) => proc.once('exit', (code) => resolve(code))) };
      proc.stdout?.on('data', (d: Buffer) => child.stdout.push(...d.toString('utf8').split('\n').filter(Boolean)));
      proc.stderr?.on('data', (d: Buffer) => child.stderr.push(d.toString('utf8')));
      running.push(child);
      return child;
    },
    async killAll() {
      for (const child of running.splice(0).reverse()) {
        if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill('SIGKILL');
        await child.exited;
      }
    },
  };
}

/** Polls `probe` until it gives a value; fails at once, with the child's stderr, if the child exits. */
export async function until<T>(what: string, probe: () => T | undefined, child: Child, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (child.proc.exitCode !== null) throw new Error(`${what}: child exited ${child.proc.exitCode}\n${child.stderr.join('')}`);
    if (Date.now() > deadline) throw new Error(`${what}: timed out\n${child.stderr.join('').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Activity ids the child's store records as posted (milestones done), read without writing. */
export function doneActivityIds(dataDir: string): Set<string> {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT activity_id FROM milestones WHERE state = 'done' AND activity_id IS NOT NULL").all() as { activity_id: string }[];
    return new Set(rows.map((r) => r.activity_id));
  } finally {
    db.close();
  }
}
