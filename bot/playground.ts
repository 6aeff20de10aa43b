// Microsoft 365 Agents Playground as a child process pointed at the bot (demo mode only: start.ts
// never starts it under production rules or with inbound auth on). It gets a minimal environment:
// what a Node program needs to run, and its own settings; never the bot's or Azure's secrets.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Logger } from './logger.ts';

/** A running playground. */
export interface Playground {
  /** What to open in a browser. */
  url: string;
  /** The port it really listens on (it silently picks another when the asked one is taken). */
  port: number;
  stop(): Promise<void>;
}

/** How to start the playground. */
export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  botEndpoint: string;
  port?: number;
  /** Directory holding node_modules/.bin and `.m365agentsplayground.yml` (default: the working directory). */
  cwd?: string;
  /** Environment the child's is picked from (the composition root passes the merged environment);
   * only `playgroundEnvironment(env)` reaches the child. */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  startTimeoutMs?: number;
  /** Where the playground writes its log (`M365_AGENTS_PLAYGROUND_LOGFILE`); default: the data dir
   * (`NETPILOT_DATA_DIR` of `env`, else `.netpilot` under `cwd`), never ./devTools. */
  dataDir?: string;
}

/** File name of the playground's log inside the data dir. */
export const PLAYGROUND_LOG_FILE = 'm365agentsplayground.log';

const LISTENING = /Listening on\D*(\d{2,5})/;

/** Variables a Node program needs to run (paths, locale, temp dirs; Windows' system variables). */
const PASSED_VARIABLES: ReadonlySet<string> = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TEMP', 'TMP', 'TERM', 'NO_COLOR', 'FORCE_COLOR',
  'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'SYSTEMROOT', 'SystemRoot', 'COMSPEC', 'ComSpec', 'PATHEXT', 'WINDIR', 'windir',
]);

/** Prefixes of the playground's own settings and of locale variables. */
const PASSED_PREFIXES: readonly string[] = ['LC_', 'TEAMSAPPTESTER_', 'M365_AGENTS_PLAYGROUND_', 'XDG_'];

/** The playground child's environment picked from `env`: an allow-list, so MicrosoftAppPassword,
 * AZURE_* (client secret, storage connection string) and every other setting of the bot stay out. */
export function playgroundEnvironment(env: Record<string, string | undefined> = {}): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (PASSED_VARIABLES.has(key) || PASSED_PREFIXES.some((p) => key.startsWith(p))) picked[key] = value;
  }
  return picked;
}

/** Path of the playground's executable under `cwd`. */
export function playgroundBinary(cwd: string): string {
  return join(cwd, 'node_modules', '.bin', process.platform === 'win32' ? 'agentsplayground.cmd' : 'agentsplayground');
}

/** Stops a child: SIGTERM, then SIGKILL after `graceMs`. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The last meaningful lines of the playground's log (errors first), for a failure message. */
export function playgroundLogReason(logFile: string, maxChars = 1500): string {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return '';
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const errors = lines.filter((l) => /error|exception|EADDRINUSE|fail/i.test(l));
  return (errors.length > 0 ? errors.slice(-5) : lines.slice(-5)).join('\n').slice(-maxChars);
}

/** Starts the playground; resolves once its "Listening on" port answers GET /_internal/v1/config. */
export function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const cwd = options.cwd ?? process.cwd();
  const bin = playgroundBinary(cwd);
  if (!existsSync(bin)) return Promise.reject(new Error(`${bin} not found: run npm ci first`));
  const port = options.port ?? 56150;
  const dataDir = options.dataDir ?? resolvePath(cwd, options.env?.NETPILOT_DATA_DIR ?? '.netpilot');
  mkdirSync(dataDir, { recursive: true });
  const logFile = join(dataDir, PLAYGROUND_LOG_FILE);
  const child = spawn(bin, ['-e', options.botEndpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'], {
    cwd,
    env: { ...playgroundEnvironment(options.env), TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_LOGFILE: logFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    let settled = false;
    let listening = false;
    const fail = (message: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const reason = playgroundLogReason(logFile);
      void stopChild(child).then(() => reject(new Error(`${message}${reason ? `\nlog (${logFile}):\n${reason}` : ''}\n${output.slice(-2000)}`)));
    };
    const timer = setTimeout(() => fail('the Agents Playground did not start in time'), options.startTimeoutMs ?? 60_000);
    const waitForConfig = async (real: number): Promise<void> => {
      const url = `http://127.0.0.1:${real}/_internal/v1/config`;
      while (!settled) {
        try {
          const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
          await res.body?.cancel();
          if (res.ok) break;
        } catch {
          // not answering yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url: `http://localhost:${real}`, port: real, stop: () => stopChild(child) });
    };
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      if (!settled) output += text;
      for (const line of text.split(/\r?\n/)) if (line.trim()) options.logger?.debug({ playground: line.trim() }, 'playground output');
      const m = LISTENING.exec(stripVTControlCharacters(output));
      if (m && !listening && !settled) {
        listening = true;
        void waitForConfig(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (err) => fail(`could not start the Agents Playground: ${err.message}`));
    child.once('exit', (code, signal) => fail(`the Agents Playground exited early (code ${code}, signal ${signal})`));
  });
}
