// The weekly digest over HTTP, across restarts: NetPilot runs in child processes (startNetPilot, as
// `npm start` composes it) on one data dir against an emulator that outlives them, each with its
// clock fixed. `digest on` in a channel on a Wednesday; on Monday after 09:00 UTC one digest is
// posted; a restart in the same week posts nothing more; the next Monday posts the next one, which
// compares with the stored record of the week before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.ts';
import { startLocalConnector, type Recorded } from '../../fakes/local-connector.ts';
import { childRunner, until, type Child } from '../progress/child-process.ts';
import { messageActivity } from '../harness.ts';

const { startChild, killAll } = childRunner(fileURLToPath(new URL('./child-digest.ts', import.meta.url)));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  await killAll();
  for (const c of cleanups.splice(0).reverse()) await c();
});

const CHANNEL = '19:general@thread.tacv2';

describe('weekly digest across restarts', () => {
  it('is posted exactly once per week: not before it is due, not again after a restart, again next week', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'np-digest-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const emulator = await startEmulator({ port: 0, speed: 200, dataDir });
    cleanups.push(() => emulator.stop());
    const connector = await startLocalConnector();
    cleanups.push(() => connector.stop());
    const env = { NETPILOT_DATA_DIR: dataDir, NETPILOT_EMULATOR_URL: emulator.url };
    const digests = (): Recorded[] => connector.activities.filter((a) =>
      a.conversationId === CHANNEL && (a.kind === 'send' || a.kind === 'reply') && /Weekly fleet readiness/.test(String(a.body?.text ?? '')));
    const run = async (now: string): Promise<{ child: Child; url: string; ticked: number }> => {
      const child = startChild({ ...env, NP_NOW: now });
      const url = (await until('bot url', () => child.stdout.find((l) => l.startsWith('url ')), child, 60_000)).slice(4);
      const tick = await until('first tick', () => child.stdout.find((l) => l.startsWith('tick ')), child, 90_000);
      return { child, url, ticked: Number(tick.slice(5)) };
    };
    const stop = async (child: Child) => {
      child.proc.kill('SIGKILL');
      await child.exited;
    };

    // Wednesday: the channel switches the digest on (over HTTP, as Teams would send it)
    const wed = await run('2026-12-02T10:00:00Z');
    expect(wed.ticked).toBe(0);
    const on = messageActivity('digest on', connector.url, { conversation: 'channel' });
    const res = await fetch(`${wed.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(on) });
    expect(res.status).toBe(200);
    const reply = await connector.waitFor((r) => r.replyToId === on.id && r.body?.type === 'message');
    expect(reply.body?.text).toBe('This channel now gets the weekly readiness digest every Monday at 09:00 UTC.');
    await stop(wed.child);
    expect(digests()).toHaveLength(0);

    // Monday 09:05: due, posted once
    const mon = await run('2026-12-07T09:05:00Z');
    expect(mon.ticked).toBe(1);
    await stop(mon.child);
    expect(digests()).toHaveLength(1);
    const first = String(digests()[0].body?.text);
    expect(first).toContain('**Weekly fleet readiness** (week of 2026-12-07)');
    expect(first).toContain('12 clusters: ');
    expect(first).toContain('This is the first digest');

    // restarted on Tuesday, same week: nothing more
    const tue = await run('2026-12-08T12:00:00Z');
    expect(tue.ticked).toBe(0);
    await stop(tue.child);
    expect(digests()).toHaveLength(1);

    // down over the next Monday, back on Tuesday: that week's digest is posted late, once, compared with the last one
    const late = await run('2026-12-15T08:00:00Z');
    expect(late.ticked).toBe(1);
    await stop(late.child);
    expect(digests()).toHaveLength(2);
    const second = String(digests()[1].body?.text);
    expect(second).toContain('(week of 2026-12-14)');
    expect(second).toContain('Nothing changed since last week.');
  }, 300_000);
});
