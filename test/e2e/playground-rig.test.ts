// The Agents Playground rig against a trivial echo bot: the shipped .m365agentsplayground.yml is
// accepted by the playground's own validator, internal routes reach the bot, and chromium drives the UI.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { launchChromium, PLAYGROUND_CONFIG_PATH, skipWithoutChromium, startPlayground, type Playground } from '../fakes/playground.ts';

interface SeenActivity {
  type?: string;
  text?: string;
  id?: string;
  serviceUrl?: string;
  channelId?: string;
  from?: { id: string; aadObjectId?: string };
  recipient?: { id: string };
  conversation?: { id: string; conversationType?: string };
}

/** A bot that answers every message with "echo: <text>" through the activity's serviceUrl. */
async function startEchoBot(): Promise<{ endpoint: string; seen: SeenActivity[]; replies: number[]; stop(): Promise<void> }> {
  const seen: SeenActivity[] = [];
  const replies: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      res.writeHead(200);
      res.end();
      if (!body) return;
      const activity = JSON.parse(body) as SeenActivity;
      seen.push(activity);
      if (activity.type !== 'message' || !activity.serviceUrl || !activity.conversation || !activity.id) return;
      const conversation = encodeURIComponent(activity.conversation.id);
      const target = `${activity.serviceUrl.replace(/\/$/, '')}/v3/conversations/${conversation}/activities/${encodeURIComponent(activity.id)}`;
      // A failed echo is recorded as status 0 (the test expects 200s), never an unhandled rejection.
      void fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'message',
          text: `echo: ${activity.text}`,
          from: activity.recipient,
          recipient: activity.from,
          conversation: activity.conversation,
          replyToId: activity.id,
        }),
      }).then((answer) => replies.push(answer.status), () => replies.push(0));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}/api/messages`,
    seen,
    replies,
    stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('.m365agentsplayground.yml', () => {
  it('defines a requester, an approver (other user with aadObjectId), a group chat and a team with channels', () => {
    const file = parseYaml(readFileSync(PLAYGROUND_CONFIG_PATH, 'utf8')) as {
      tenantId: string;
      currentUser: { id: string; name: string; aadObjectId: string };
      users: { id: string; name: string; aadObjectId: string }[];
      groupChat: { id: string; name: string };
      team: { id: string; channels: { id: string; name: string }[] };
    };
    expect(file.tenantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(file.currentUser.name).toMatch(/requester/i);
    expect(file.currentUser.aadObjectId).toMatch(/^[0-9a-f-]{36}$/);
    const approver = file.users.find((u) => /approver/i.test(u.name));
    expect(approver?.aadObjectId).toMatch(/^[0-9a-f-]{36}$/);
    expect(approver?.aadObjectId).not.toBe(file.currentUser.aadObjectId);
    expect(new Set(file.users.map((u) => u.aadObjectId)).size).toBe(file.users.length);
    expect(file.groupChat.id).toBeTruthy();
    expect(file.team.channels.length).toBeGreaterThanOrEqual(1);
  });
});

describe('Agents Playground rig (echo bot)', () => {
  let work: string;
  let echo: Awaited<ReturnType<typeof startEchoBot>>;
  let playground: Playground;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'netpilot-pg-rig-'));
    echo = await startEchoBot();
    playground = await startPlayground({ endpoint: echo.endpoint, logDir: work });
  });
  afterAll(async () => {
    await playground?.stop();
    await echo?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('loads the shipped config (its own schema and rules accepted it) and serves it', async () => {
    const { config, internalConfig } = await playground.config();
    const file = parseYaml(readFileSync(PLAYGROUND_CONFIG_PATH, 'utf8')) as { currentUser: { id: string }; users: { id: string }[]; team: { id: string } };
    expect(internalConfig.channelId).toBe('msteams');
    expect(config.currentUser.id).toBe(file.currentUser.id);
    expect(config.users.map((u) => u.id)).toEqual(file.users.map((u) => u.id));
    expect(config.groupChats).toHaveLength(1);
    expect(config.teams[0].id).toBe(file.team.id);
    expect(config.teams[0].channels.length).toBeGreaterThanOrEqual(2); // General + ours
  });

  it('delivers a message posted on the internal route to the bot and accepts its reply', async () => {
    const { config } = await playground.config();
    const before = echo.seen.length;
    const sent = await playground.sendMessage(config.personalChat.id, config.currentUser.id, 'list clusters');
    expect(sent.messageId).toBeTruthy();
    const activity = await until('the message at the bot', () => echo.seen.slice(before).find((a) => a.type === 'message' && a.text === 'list clusters'));
    expect(activity.channelId).toBe('msteams');
    expect(activity.from?.id).toBe(config.currentUser.id);
    expect(activity.from?.aadObjectId).toBe(config.currentUser.aadObjectId);
    expect(activity.conversation?.id).toBe(config.personalChat.id);
    expect(activity.serviceUrl).toBe(playground.serviceUrl);
    await until('the reply status', () => (echo.replies.length > 0 ? echo.replies : undefined));
    expect(echo.replies.every((s) => s >= 200 && s < 300)).toBe(true);
  });

  const DRIVEN = 'is driven by headless chromium through the Lexical message box';
  it.skipIf(skipWithoutChromium(DRIVEN))(DRIVEN, async () => {
    const context = await launchChromium(join(work, 'profile'));
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(playground.url);
      const editor = page.locator('[data-lexical-editor="true"]');
      await editor.waitFor({ timeout: 20_000 });
      await editor.click();
      await page.keyboard.type('check aks-legacy');
      await page.keyboard.press('Enter');
      await page.getByText('echo: check aks-legacy').first().waitFor({ timeout: 10_000 });
      expect(echo.seen.some((a) => a.type === 'message' && a.text === 'check aks-legacy')).toBe(true);
    } finally {
      await context.close();
    }
  });
});

describe('chromium launcher', () => {
  it('fails with a clear message when the browser is not installed (the tests that need it skip, printing it)', async () => {
    await expect(launchChromium(join(tmpdir(), 'netpilot-no-browser'), '/nonexistent/chromium')).rejects.toThrow(
      /\/nonexistent\/chromium is missing: install Debian chromium/,
    );
  });
});

describe('Agents Playground config validation', () => {
  it('refuses a config that breaks its schema (so the shipped file passing means something)', async () => {
    const work = mkdtempSync(join(tmpdir(), 'netpilot-pg-bad-'));
    try {
      const file = parseYaml(readFileSync(PLAYGROUND_CONFIG_PATH, 'utf8')) as { users: unknown[] };
      file.users = file.users.slice(0, 4);
      const badPath = join(work, 'bad.yml');
      writeFileSync(badPath, stringifyYaml(file));
      await expect(startPlayground({ endpoint: 'http://127.0.0.1:9/api/messages', logDir: work, configPath: badPath })).rejects.toThrow(/Failed to start[\s\S]*\/users/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
