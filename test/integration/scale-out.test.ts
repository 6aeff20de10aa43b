// Scale-out (issue 15): two NetPilot instances (child processes) share one Azure Storage account
// (Azurite) and one emulator. A request on instance A; the approval click arrives on both instances
// at once (one PUT); the instance that watches the migration is killed with SIGKILL; the other takes
// it over once the blob lease expires and keeps updating the SAME progress card; one final message.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Activity } from 'botbuilder';
import { afterAll, describe, expect, it } from 'vitest';
import { startAzurite } from '../../emulator/azurite.ts';
import { startEmulator } from '../../emulator/index.ts';
import { cardOf, cardText, messageActivity } from '../bot/harness.ts';
import { postedApprovalCards, USERS, type TestUser } from '../bot/approval/approval-harness.ts';
import { startLocalConnector, type Recorded } from '../fakes/local-connector.ts';

const SCRIPT = fileURLToPath(new URL('./scale-out-instance.ts', import.meta.url));
const THREAD = '19:general@thread.tacv2;messageid=1700000000000';
const LEASE_SECONDS = 15; // the shortest blob lease Azure Storage allows
const SCAN_SECONDS = Math.max(1, LEASE_SECONDS / 10);

interface Instance { name: string; proc: ChildProcess; lines: string[]; url: string; exited: Promise<unknown> }

const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startInstance(name: string, env: Record<string, string>): Instance {
  const proc = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_NO_WARNINGS: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const inst: Instance = { name, proc, lines: [], url: '', exited: new Promise((r) => proc.once('exit', r)) };
  let buf = '';
  proc.stdout?.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    inst.lines.push(...parts.filter(Boolean));
  });
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => { err = (err + d.toString('utf8')).slice(-4000); });
  proc.once('exit', (code, signal) => { if (code) inst.lines.push(`exited ${code} ${err}`); else inst.lines.push(`exited ${signal}`); });
  cleanups.push(async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await inst.exited;
  });
  return inst;
}

async function post(inst: Instance, activity: Partial<Activity>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${inst.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

function as(user: TestUser, activity: Partial<Activity>): Partial<Activity> {
  return { ...activity, from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId } };
}

describe('two instances on Azure Storage', () => {
  it('one PUT for two simultaneous clicks; SIGKILL of the watcher; takeover updates the same card; one final message', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'np-scale-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const azurite = await startAzurite({ location: join(dataDir, 'azurite') });
    cleanups.push(() => azurite.stop());
    // Slow enough that the migration outlives the kill, the lease expiry and the takeover.
    const emulator = await startEmulator({ port: 0, speed: 10, dataDir });
    cleanups.push(() => emulator.stop());
    const connector = await startLocalConnector({
      members: [...Object.values(USERS).map((u) => ({ id: u.id, name: u.name, objectId: u.aadObjectId })), { id: '28:netpilot-test', name: 'NetPilot' }],
    });
    cleanups.push(() => connector.stop());
    const env = {
      NETPILOT_DATA_DIR: dataDir, NETPILOT_EMULATOR_URL: emulator.url, NETPILOT_STORE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, NETPILOT_LEASE_SECONDS: String(LEASE_SECONDS), NETPILOT_POLL_SECONDS: '1',
    };
    const a = startInstance('A', env);
    const b = startInstance('B', env);
    for (const inst of [a, b]) {
      inst.url = await waitFor(`instance ${inst.name} listening`, () => {
        if (inst.lines.some((l) => l.startsWith('exited'))) throw new Error(`instance ${inst.name}: ${inst.lines.join('\n').slice(-3000)}`);
        return inst.lines.find((l) => l.startsWith('listening '))?.slice('listening '.length);
      }, 120_000);
    }

    // The request on A: the approval card in the thread.
    const ask = as(USERS.requester, messageActivity('upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16', connector.url, { conversation: 'channel' }));
    expect((await post(a, ask)).status).toBe(200);
    const card = await waitFor('the approval card', () => postedApprovalCards(connector)[0], 30_000);

    // The approval click lands on both instances at once.
    const click = (inst: Instance) => post(inst, as(USERS.approver, {
      ...messageActivity('', connector.url, { conversation: 'channel' }), type: 'invoke', name: 'adaptiveCard/action', text: undefined,
      entities: [], replyToId: card.id,
      value: { action: { type: 'Action.Execute', verb: 'approve', data: { requestId: card.requestId, confirm: 'aks-legacy', ack: 'true' } }, trigger: 'manual' },
    }));
    const answers = await Promise.all([click(a), click(b)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    const puts = () => emulator.requests().filter((r) => r.method === 'PUT' && r.path.toLowerCase().endsWith('/managedclusters/aks-legacy'));
    await waitFor('the PUT', () => puts().length >= 1, 30_000);

    // Exactly one instance watches; the progress card appears and is updated.
    const watchingNow = (inst: Instance) => {
      const w = inst.lines.filter((l) => l.startsWith('watching'));
      return (w[w.length - 1] ?? 'watching ').slice('watching '.length);
    };
    const watcher = await waitFor('one instance watching', () => [a, b].find((i) => watchingNow(i) !== ''), 30_000);
    const other = watcher === a ? b : a;
    const inThread = (): Recorded[] => connector.activities.filter((r) => r.conversationId === THREAD);
    const progressCards = () => inThread().filter((r) => (r.kind === 'send' || r.kind === 'reply') && /Migrating aks-legacy/.test(cardText(cardOf(r))));
    const cardPost = await waitFor('the progress card', () => progressCards()[0], 60_000);
    const updates = () => inThread().filter((r) => r.kind === 'update' && r.activityId === cardPost.id);
    await waitFor('a first card update', () => updates().length >= 1, 60_000);
    expect(watchingNow(other)).toBe('');

    // SIGKILL the watcher while it watches.
    const killedAt = Date.now();
    watcher.proc.kill('SIGKILL');
    await watcher.exited;
    const updatesBefore = updates().length;

    // The other instance takes over once the lease expires (the lease was renewed at most a third of
    // a period before the kill): within one lease period plus one takeover scan.
    const tookOver = () => other.lines.some((l) => l.includes('took over a migration whose instance stopped'));
    expect(tookOver()).toBe(false);
    await waitFor('the takeover', () => tookOver() && watchingNow(other) !== '', (LEASE_SECONDS + SCAN_SECONDS + 10) * 1000);
    const takenOverAfterMs = Date.now() - killedAt;
    expect(takenOverAfterMs).toBeLessThanOrEqual((LEASE_SECONDS + SCAN_SECONDS + 2) * 1000);

    // It finishes: the same card updated to the end, exactly one final message, one PUT in all.
    const finals = () => inThread().filter((r) => (r.kind === 'send' || r.kind === 'reply') && /\b(succeeded|failed)\b/.test(String(r.body?.text ?? '')));
    await waitFor('the final message', () => finals().length >= 1, 180_000);
    await waitFor('the card shows the end', () => /succeeded: 100%/.test(cardText(cardOf(updates()[updates().length - 1]))), 30_000);
    await new Promise((r) => setTimeout(r, 3_000)); // a late duplicate would show up here
    expect(updates().length).toBeGreaterThan(updatesBefore);
    expect(new Set(inThread().filter((r) => r.kind === 'update' && r.activityId !== card.id).map((r) => r.activityId))).toEqual(new Set([cardPost.id]));
    expect(progressCards()).toHaveLength(1);
    expect(finals()).toHaveLength(1);
    expect(puts()).toHaveLength(1);
    expect(puts()[0].status).toBeLessThan(300);
  }, 420_000);
});
