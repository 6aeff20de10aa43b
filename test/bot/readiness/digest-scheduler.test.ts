// The digest scheduler with an injected clock, the real SQLite store and a recording adapter:
// one scan per period shared by every channel, a failed post retried only after the lease, each
// channel in its own language.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DigestScheduler, type DigestAdapter } from '../../../bot/readiness/digest-scheduler.ts';
import { createLogger } from '../../../bot/logger.ts';
import { DEMO_FLEET_PATH } from '../../../emulator/index.ts';
import { loadFleetFile } from '../../../services/cluster/load.ts';
import { fleetReadiness } from '../../../services/planning/fleet-readiness.ts';
import { singleFlightScanner } from '../../../services/planning/readiness-scanner.ts';
import { openStore } from '../../../services/store/index.ts';
import type { Store } from '../../../services/store/types.ts';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'np-sched-'));
  dirs.push(dir);
  const store = openStore(dir);
  stores.push(store);
  let now = new Date('2026-12-02T10:00:00Z');
  let scans = 0;
  let failPosts = 0;
  const sent: { conversation: string; text: string }[] = [];
  const adapter: DigestAdapter = {
    async continueConversationAsync(_appId, reference, logic) {
      if (failPosts > 0) {
        failPosts -= 1;
        throw Object.assign(new Error('connector down'), { statusCode: 500 });
      }
      await logic({ sendActivity: async (a: { text: string }) => {
        sent.push({ conversation: String(reference.conversation?.id), text: a.text });
        return { id: `act-${sent.length}` };
      } } as never);
    },
  };
  const fleet = loadFleetFile(DEMO_FLEET_PATH).then(fleetReadiness);
  const scheduler = new DigestScheduler({
    digests: () => store.digests, conversations: () => store.conversations, adapter: () => adapter, appId: '',
    scanner: singleFlightScanner(async () => { scans += 1; return fleet; }),
    schedule: { day: 1, hour: 9 }, clock: () => now, logger: createLogger({ level: 'silent' }), leaseMs: 10 * 60_000,
    retry: { attempts: 1 },
  });
  for (const [id, locale] of [['19:a@thread.tacv2', 'en'], ['19:b@thread.tacv2', 'ja']] as const) {
    store.conversations.remember({ conversationId: id, channelId: 'msteams', serviceUrl: 'http://127.0.0.1:1/', isChannel: true,
      reference: { serviceUrl: 'http://127.0.0.1:1/', conversation: { id } }, updatedAt: now.toISOString() });
    store.digests!.enable(id, now.toISOString(), locale);
  }
  return {
    store, scheduler, sent,
    setNow: (iso: string) => { now = new Date(iso); },
    failNext: (n: number) => { failPosts = n; },
    scans: () => scans,
  };
}

describe('DigestScheduler', () => {
  it('posts nothing before the period, then one digest per channel in its language from one scan', async () => {
    const t = setup();
    expect(await t.scheduler.tick()).toBe(0);
    t.setNow('2026-12-07T09:00:00Z');
    expect(await t.scheduler.tick()).toBe(2);
    expect(await t.scheduler.tick()).toBe(0);
    expect(t.scans()).toBe(1);
    expect(t.sent.map((s) => s.conversation)).toEqual(['19:a@thread.tacv2', '19:b@thread.tacv2']);
    expect(t.sent[0].text).toContain('**Weekly fleet readiness** (week of 2026-12-07)');
    expect(t.sent[1].text).toContain('**週次の移行準備状況**（2026-12-07 の週）');
    expect(t.store.digests!.getPost('19:a@thread.tacv2', '2026-12-07T09:00:00.000Z')).toMatchObject({ state: 'posted', activityId: 'act-1' });
  });

  it('a failed post keeps its claim: not retried within the lease, posted once after it', async () => {
    const t = setup();
    t.store.digests!.disable('19:b@thread.tacv2');
    t.setNow('2026-12-07T09:00:00Z');
    t.failNext(1);
    expect(await t.scheduler.tick()).toBe(0);
    t.setNow('2026-12-07T09:05:00Z');
    expect(await t.scheduler.tick()).toBe(0);
    expect(t.sent).toEqual([]);
    t.setNow('2026-12-07T09:11:00Z');
    expect(await t.scheduler.tick()).toBe(1);
    expect(await t.scheduler.tick()).toBe(0);
    expect(t.sent).toHaveLength(1);
    expect(t.scans()).toBe(1);
  });

  it('the next week compares with the stored record of the week before', async () => {
    const t = setup();
    t.store.digests!.disable('19:b@thread.tacv2');
    t.setNow('2026-12-07T09:00:00Z');
    await t.scheduler.tick();
    t.setNow('2026-12-14T09:00:00Z');
    expect(await t.scheduler.tick()).toBe(1);
    expect(t.sent[1].text).toContain('Nothing changed since last week.');
    expect(t.scans()).toBe(2);
  });
});
