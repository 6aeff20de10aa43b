// Spawns the real `netpilot` entry point (bin/netpilot.mjs) the way a user runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Path of the CLI entry point. */
export const BIN = resolve(import.meta.dirname, '../../bin/netpilot.mjs');

/** A clean environment: no NetPilot/Azure/bot variables leak in from the developer's shell. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(NETPILOT_|AZURE_|Microsoft|APPROVERS|REQUESTERS|PORT$|NODE_OPTIONS$|VITEST)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

/** A fresh temporary directory (also used as cwd so no .env is picked up). */
export function tempDir(prefix = 'np-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Result of one CLI run. */
export interface RunResult { code: number | null; stdout: string; stderr: string }

/** Runs `netpilot ...args` to completion. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string, timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`netpilot ${args.join(' ')} timed out\n${stderr}`)); }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolvePromise({ code, stdout, stderr }); });
  });
}

/** Starts `netpilot ...args` in the background; resolves once stdout has a line matching `ready`. */
export function startCli(args: string[], env: NodeJS.ProcessEnv, cwd: string, ready: RegExp, timeoutMs = 60_000): Promise<{ child: ChildProcess; match: RegExpMatchArray; exited: Promise<number | null> }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`netpilot ${args.join(' ')} not ready\n${stderr}`)); }, timeoutMs);
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = stdout.match(ready);
      if (match) { clearTimeout(timer); resolvePromise({ child, match, exited }); }
    });
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`netpilot exited early (${code}): ${stderr}`)); });
  });
}

/** Runs `main(argv)` in this process, capturing stderr/stdout; for cases that fail before any I/O. */
export async function runMain(argv: string[]): Promise<RunResult> {
  const { main } = await import('../../cli/main.ts');
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => { stdout += chunk.toString(); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += chunk.toString(); return true; }) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
