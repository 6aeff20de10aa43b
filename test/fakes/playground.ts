// Test rig for end-to-end runs: the Microsoft 365 Agents Playground (pinned 0.2.28, its internal
// routes are undocumented), the demo bot as `npm start` composes it, and headless Debian chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Repository root (this file lives in test/fakes/). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The playground configuration the demo ships (tenant, requester, approver, group chat, team). */
export const PLAYGROUND_CONFIG_PATH = join(REPO_ROOT, '.m365agentsplayground.yml');

/** Debian's chromium; CI installs it with apt (never a downloaded browser). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep chromium quiet, offline and happy as root in a container. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A free TCP port on 127.0.0.1 (asked from the OS; a tiny race is acceptable in tests). */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A child process with its combined output, stopped with SIGTERM then SIGKILL. */
interface Supervised {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

function supervise(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Supervised {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until `predicate(output)` matches, the process exits, or the timeout passes. */
async function waitForOutput<T>(proc: Supervised, what: string, predicate: (output: string) => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = predicate(proc.output());
    if (found !== undefined) return found;
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      throw new Error(`${what} exited (${proc.child.exitCode ?? proc.child.signalCode}) before it was ready:\n${proc.output()}`);
    }
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error(`${what} was not ready within ${timeoutMs} ms:\n${proc.output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The parts of the playground's `/_internal/v1/config` answer the tests read. */
export interface PlaygroundConfig {
  config: {
    tenantId: string;
    bot: { id: string; name: string };
    currentUser: { id: string; name: string; aadObjectId: string };
    users: { id: string; name: string; aadObjectId: string }[];
    personalChat: { id: string };
    groupChats: { id: string; name: string; members: string[] }[];
    teams: { id: string; name: string; channels: { id: string; name: string }[]; members: string[] }[];
  };
  internalConfig: { channelId: string };
}

/** A running Agents Playground and its internal routes. */
export interface Playground {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** the mock connector URL it puts in activities' `serviceUrl` */
  serviceUrl: string;
  /** GET /_internal/v1/config */
  config(): Promise<PlaygroundConfig>;
  /**
   * POST /_conversation/v1/conversations/{id}/messages as user `fromId` (the UI's send path). In a
   * channel the bot only hears messages that @mention it: pass `mentions` (the text must contain each
   * mention's `text`, e.g. `<at>NetPilot</at>`). A channel post answers with its thread's conversation id.
   */
  sendMessage(conversationId: string, fromId: string, text: string, options?: { mentions?: PlaygroundMention[] }):
    Promise<{ messageId: string; postConversationId?: string }>;
  /** POST /_conversation/v1/invoke of an Adaptive Card Action.Execute as user `fromId` */
  invoke(request: { conversationId: string; fromId: string; verb: string; data: unknown; replyToId?: string }): Promise<unknown>;
  output(): string;
  stop(): Promise<void>;
}

/** An @mention in a message sent on the playground's internal route. */
export interface PlaygroundMention { mentioned: { id: string }; text: string }

/** Options of {@link startPlayground}. */
export interface PlaygroundOptions {
  /** the bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  endpoint: string;
  /** a directory for its log file (it would otherwise write ./devTools/ in the cwd) */
  logDir: string;
  configPath?: string;
  port?: number;
  timeoutMs?: number;
}

/** Starts `agentsplayground` (channel msteams, no browser, no telemetry) and waits for its "Listening on" line. */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const cli = join(REPO_ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
  const requestedPort = options.port ?? (await freePort());
  const proc = supervise(
    process.execPath,
    [cli, '-e', options.endpoint, '-c', 'msteams', '-p', String(requestedPort), '--disable-telemetry'],
    {
      cwd: options.logDir,
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: options.configPath ?? PLAYGROUND_CONFIG_PATH,
        M365_AGENTS_PLAYGROUND_LOGFILE: join(options.logDir, 'm365agentsplayground.log'),
        NO_COLOR: '1',
      },
    },
  );
  // It silently falls back to another port when the requested one is taken: trust only this line.
  const port = await waitForOutput(proc, 'agentsplayground', (out) => {
    const match = /Listening on (\d+)/.exec(out);
    return match ? Number(match[1]) : undefined;
  }, options.timeoutMs ?? 20_000);
  const url = `http://127.0.0.1:${port}`;
  // It prints that line before it loads the config; a bad config makes it exit with the reason in its log file.
  const logFile = join(options.logDir, 'm365agentsplayground.log');
  const readyBy = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const ready = await fetch(`${url}/_internal/v1/config`).then((r) => r.ok, () => false);
    if (ready) break;
    const exited = proc.child.exitCode !== null || proc.child.signalCode !== null;
    if (exited || Date.now() > readyBy) {
      await proc.stop();
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter((l) => l.startsWith('error')).join('\n') : '';
      throw new Error(`agentsplayground ${exited ? 'exited' : 'did not answer'} after "Listening on ${port}":\n${proc.output()}\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  const postJson = async (path: string, body: unknown): Promise<unknown> => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`playground ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  return {
    url,
    port,
    serviceUrl: `http://localhost:${port}/_connector`,
    async config() {
      const res = await fetch(`${url}/_internal/v1/config`);
      if (!res.ok) throw new Error(`playground config answered ${res.status}`);
      return (await res.json()) as PlaygroundConfig;
    },
    async sendMessage(conversationId, fromId, text, options = {}) {
      const path = `/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`;
      const body = { from: { id: fromId }, text, textFormat: 'plain', ...(options.mentions ? { mentions: options.mentions } : {}) };
      return (await postJson(path, body)) as { messageId: string; postConversationId?: string };
    },
    invoke(request) {
      return postJson('/_conversation/v1/invoke', {
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: request.verb, data: request.data }, trigger: 'manual' },
        from: { id: request.fromId },
        conversation: { id: request.conversationId },
        replyToId: request.replyToId,
      });
    },
    output: proc.output,
    stop: proc.stop,
  };
}

/** One request the emulator served (`GET /_emulator/log`, spec/interfaces.md §2). */
export interface EmulatorLogEntry { method: string; path: string; status: number; time: string }

/** GETs `path` from an HTTPS server whose certificate is signed by `caPem` and parses the JSON answer. */
export function getJsonOverHttps<T>(url: string, caPem: string): Promise<T> {
  return new Promise((resolveJson, reject) => {
    const req = httpsRequest(url, { ca: caPem, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${url} answered ${res.statusCode}: ${body.slice(0, 500)}`));
        else {
          try { resolveJson(JSON.parse(body) as T); } catch (err) { reject(err as Error); }
        }
      });
    });
    req.once('error', reject);
    req.end();
  });
}

/** The demo bot stack as `npm start` composes it (in-process emulator with the demo fleet, no playground of its own). */
export interface DemoBot {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  endpoint: string;
  /** the in-process Azure emulator (HTTPS, self-signed) */
  emulatorUrl: string;
  /** GET /_emulator/log: every request the emulator served, newest last */
  emulatorLog(): Promise<EmulatorLogEntry[]>;
  /** its JSON log lines so far (level per `LOG_LEVEL`, default warn) */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts NetPilot in this process through the composition root's `startNetPilot`, with a config built
 * from an explicit environment (never the developer's .env or shell): demo mode, its own data dir,
 * an ephemeral port, auth off, the playground off.
 */
export async function startDemoBot(options: { dataDir: string; env?: Record<string, string> }): Promise<DemoBot> {
  const env: Record<string, string> = {
    NETPILOT_DATA_DIR: options.dataDir,
    NETPILOT_PLAYGROUND: '0',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  // Loaded on demand: bot/start.ts pulls in restify, which patches node:http's ServerResponse globally.
  const [{ createLogger }, { startNetPilot }, { loadConfig }] = await Promise.all([
    import('../../bot/logger.ts'),
    import('../../bot/start.ts'),
    import('../../services/config.ts'),
  ]);
  let output = '';
  const logger = createLogger({ level: env.LOG_LEVEL, destination: { write: (line: string) => { output += line; } } });
  const config = loadConfig(env, { defaultEmulatorSpeed: 20, cwd: REPO_ROOT });
  const app = await startNetPilot(config, { logger, env, port: 0, cwd: REPO_ROOT });
  const health = await fetch(`${app.botUrl}/healthz`);
  const emulatorUrl = app.backend.emulatorUrl;
  if (!health.ok || !emulatorUrl) {
    await app.stop();
    throw new Error(`demo bot /healthz answered ${health.status}, emulator ${emulatorUrl ?? 'missing'}:\n${output}`);
  }
  // The in-process emulator writes the CA clients must trust into the data dir (emulator-ca.pem).
  const caPem = readFileSync(join(options.dataDir, 'emulator-ca.pem'), 'utf8');
  return {
    url: app.botUrl,
    endpoint: `${app.botUrl}/api/messages`,
    emulatorUrl,
    emulatorLog: () => getJsonOverHttps<EmulatorLogEntry[]>(`${emulatorUrl.replace(/\/+$/, '')}/_emulator/log`, caPem),
    output: () => output,
    stop: () => app.stop(),
  };
}

/** Why browser tests cannot run on this machine (chromium not installed), or undefined when they can. */
export function chromiumMissing(executablePath: string = CHROMIUM_PATH): string | undefined {
  if (existsSync(executablePath)) return undefined;
  return `${executablePath} is missing: install Debian chromium (apt-get install -y chromium; .ci/run does this). Browser tests never download a browser.`;
}

/** For `describe.skipIf`: true when chromium is missing, after printing why, so the skip is never silent. */
export function skipWithoutChromium(what: string, executablePath: string = CHROMIUM_PATH): boolean {
  const reason = chromiumMissing(executablePath);
  if (reason) console.warn(`SKIPPED ${what}: ${reason}`);
  return reason !== undefined;
}

/** Launches headless Debian chromium; throws a clear error when it is not installed. */
export async function launchChromium(profileDir: string, executablePath: string = CHROMIUM_PATH): Promise<BrowserContext> {
  const missing = chromiumMissing(executablePath);
  if (missing) throw new Error(missing);
  return chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** One conversation change the playground pushed to its web UI (create or update of a message). */
export interface ConversationEvent {
  action: 'createMessage' | 'updateMessage';
  /** the conversation it belongs to (a channel thread: `19:...@thread.tacv2;messageid=...`) */
  conversationId: string;
  messageId: string;
  from?: string;
  text: string;
  /** the Adaptive Cards it carries (attachment content) */
  cards: Record<string, unknown>[];
}

/** Records what the playground pushes to the page over its conversation web socket (the UI's own feed). */
export interface ConversationRecorder {
  /** every distinct create/update so far, oldest first */
  events(): ConversationEvent[];
}

/**
 * Records the conversation feed of `page` (`/_ws_conversation/v1/conversations/stream`): the
 * playground has no HTTP route that lists messages, and this feed is exactly what its UI renders.
 * Attach before `page.goto`. The UI may hold more than one socket (and reloads open new ones), so
 * identical frames are kept once.
 */
export function recordConversation(page: Page): ConversationRecorder {
  const seen = new Set<string>();
  const events: ConversationEvent[] = [];
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/_ws_conversation/')) return;
    socket.on('framereceived', (frame) => {
      const payload = typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8');
      if (seen.has(payload)) return;
      seen.add(payload);
      let parsed: { action?: string; actionConversationId?: string; message?: Record<string, unknown> };
      try { parsed = JSON.parse(payload) as typeof parsed; } catch { return; }
      if ((parsed.action !== 'createMessage' && parsed.action !== 'updateMessage') || !parsed.message) return;
      const m = parsed.message as { messageId?: unknown; text?: unknown; from?: { id?: unknown }; attachments?: { contentType?: string; content?: unknown }[] };
      events.push({
        action: parsed.action,
        conversationId: String(parsed.actionConversationId ?? ''),
        messageId: String(m.messageId ?? ''),
        ...(typeof m.from?.id === 'string' ? { from: m.from.id } : {}),
        text: typeof m.text === 'string' ? m.text : '',
        cards: (m.attachments ?? [])
          .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive' && a.content && typeof a.content === 'object')
          .map((a) => a.content as Record<string, unknown>),
      });
    });
  });
  return { events: () => [...events] };
}

/**
 * Makes the Adaptive Card actions clicked in `page` arrive as user `userId` (undefined: as the page's
 * own user again). The playground's UI has no user switcher, but its invoke route honours `from` in
 * channels: this stands in for that user's own Teams client showing the same thread.
 */
export async function clickAs(page: Page, userId: string | undefined): Promise<void> {
  await page.unroute('**/_conversation/v1/invoke');
  if (!userId) return;
  await page.route('**/_conversation/v1/invoke', async (route) => {
    const body = route.request().postDataJSON() as { from?: Record<string, unknown> };
    await route.continue({ postData: JSON.stringify({ ...body, from: { ...body.from, id: userId } }) });
  });
}

/**
 * Types a new post into a channel of the playground's UI, @mentioning the bot through the editor's
 * mention picker (as a person does), and clicks Post. The channel must be visible in the side bar.
 */
export async function postInChannel(page: Page, options: { channel: string; botName: string; text: string }): Promise<void> {
  await page.getByText(options.channel, { exact: true }).first().click();
  const editor = page.locator('[data-lexical-editor="true"]').first();
  await editor.click();
  await page.keyboard.type(`@${options.botName.slice(0, 3)}`);
  await page.getByRole('menuitem', { name: options.botName }).click();
  await page.keyboard.type(` ${options.text}`);
  await page.getByRole('button', { name: 'Post', exact: true }).click();
}
