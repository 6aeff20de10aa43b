// `readiness` and `digest` over HTTP: the real CloudAdapter, the emulator behind the real Azure
// clients, and the local connector. The scan runs after the turn: a progress message is posted,
// updated in place, then the card follows; its page buttons carry opaque tokens only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { createReadinessPort } from '../../../bot/readiness/port.ts';
import type { Recorded } from '../../fakes/local-connector.ts';
import { cardOf, cardText, messageActivity, startHarness, type Harness } from '../harness.ts';

let h: Harness;
const CLUSTERS = 13; // the demo fleet plus a copy of aks-kubenet in rg-other

beforeAll(async () => {
  h = await startHarness({
    wrapServices: (s, backend) => ({
      ...s,
      readiness: createReadinessPort({
        backend, config: { subscriptionIds: [], digest: { day: 1, hour: 9 } }, digests: () => h?.store.digests,
        now: () => new Date(), progressIntervalMs: 10, maxPageSize: 5,
      }),
    }),
  });
}, 60_000);
afterAll(async () => h?.stop());

/** Sends `text` and waits for the readiness card that follows in the same conversation. */
async function readiness(text: string, conversationId: string, locale = 'en-US') {
  const before = h.connector.activities.length;
  const { status, replies } = await h.say(text, { conversationId, locale });
  const card = await h.connector.waitFor((r) => h.connector.activities.indexOf(r) >= before && r.conversationId === conversationId && !!cardOf(r), 60_000);
  const mine = h.connector.activities.slice(before).filter((r) => r.conversationId === conversationId);
  return { status, replies, card, mine };
}

async function click(token: unknown, conversationId: string) {
  const a = messageActivity('', h.connector.url, { conversationId });
  const invoke: Partial<Activity> = {
    ...a, type: 'invoke', name: 'adaptiveCard/action', text: undefined, entities: [], replyToId: 'card-1',
    value: { action: { type: 'Action.Execute', verb: 'readinessPage', data: { token } }, trigger: 'manual' },
  };
  const { status, body } = await h.post(invoke);
  return { status, body: body as { type?: string; value?: unknown } };
}

const pageButtons = (card: Record<string, unknown> | undefined): { title: string; data: { token: string } }[] =>
  JSON.stringify(card ?? {}).match(/\{"type":"Action\.Execute"[^}]*\}\}/g)?.map((j) => JSON.parse(j)) ?? [];

describe('readiness in chat', () => {
  let card: Recorded;
  let mine: Recorded[];
  const conv = 'a:readiness-en';
  beforeAll(async () => {
    ({ card, mine } = await readiness('readiness', conv));
  }, 90_000);

  it('posts a progress message, updates it in place to the final count, then posts the card', async () => {
    const posted = mine.filter((r) => (r.kind === 'send' || r.kind === 'reply') && r.body?.type === 'message');
    const progress = posted.find((r) => r.body?.text === 'Scanning the fleet for readiness…');
    expect(posted.map((r) => (cardOf(r) ? 'card' : r.body?.text))).toEqual(['Scanning the fleet for readiness…', 'card']);
    expect(progress?.id).toBeTruthy();
    const updates = mine.filter((r) => r.kind === 'update');
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.every((u) => u.activityId === progress!.id)).toBe(true);
    for (const u of updates.slice(0, -1)) expect(String(u.body?.text)).toMatch(new RegExp(`^Scanned \\d+ of ${CLUSTERS} clusters…$`));
    expect(updates.at(-1)?.body?.text).toBe(`Scanned ${CLUSTERS} clusters.`);
    expect(card.at).toBeGreaterThanOrEqual(updates.at(-1)!.at);
  });

  it('the card counts every cluster of the fleet and names the ready ones', () => {
    const text = cardText(cardOf(card)!);
    expect(text).toContain(`Fleet readiness: ${CLUSTERS} clusters`);
    expect(text).toContain('rg-other/aks-kubenet');
    expect(text).toMatch(/cilium-windows-pools/);
    expect(text).toContain(`Clusters 1–5 of ${CLUSTERS}`);
  });

  it('pages with opaque tokens: next page, then back; a foreign or unknown token is refused', async () => {
    const [next] = pageButtons(cardOf(card));
    expect(next.title).toBe('Next page');
    expect(Object.keys(next.data)).toEqual(['token']);
    const page2 = await click(next.data.token, conv);
    expect(page2.status).toBe(200);
    expect(page2.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const page2Text = cardText(page2.body.value as Record<string, unknown>);
    expect(page2Text).toContain(`Clusters 6–10 of ${CLUSTERS}`);
    expect(JSON.stringify(page2.body.value)).toContain('"isVisible":true');
    expect(pageButtons(page2.body.value as Record<string, unknown>).map((b) => b.title)).toEqual(['Previous page', 'Next page']);
    const elsewhere = await click(next.data.token, 'a:someone-else');
    expect(JSON.stringify(elsewhere.body)).toContain('This page is no longer available');
    const unknown = await click('not-a-token', conv);
    expect(JSON.stringify(unknown.body)).toContain('This page is no longer available');
    const malformed = await click({ nested: true }, conv);
    expect(JSON.stringify(malformed.body)).toContain('This page is no longer available');
  });

  it('answers in Japanese for 移行準備状況', async () => {
    const ja = await readiness('移行準備状況', 'a:readiness-ja', 'ja-JP');
    expect(ja.mine.find((r) => (r.kind === 'send' || r.kind === 'reply') && r.body?.type === 'message')?.body?.text).toBe('フリートの移行準備状況をスキャンしています…');
    expect(ja.mine.filter((r) => r.kind === 'update').at(-1)?.body?.text).toBe(`${CLUSTERS} クラスターをスキャンしました。`);
    expect(cardText(cardOf(ja.card)!)).toContain(`フリートの移行準備状況: ${CLUSTERS} クラスター`);
  }, 90_000);
});

describe('digest on / off', () => {
  it('is for channels only', async () => {
    const { replies } = await h.say('digest on');
    expect(replies.map((r) => r.body?.text)).toEqual(['The digest is posted to channels: send digest on in a team channel.']);
  });

  it('switches the channel on and off and says so; the store keeps it', async () => {
    const on = await h.say('digest on', { conversation: 'channel' });
    expect(on.replies[0]?.body?.text).toBe('This channel now gets the weekly readiness digest every Monday at 09:00 UTC.');
    expect(h.store.digests?.get('19:general@thread.tacv2')).toMatchObject({ enabled: true, locale: 'en' });
    const status = await h.say('digest', { conversation: 'channel' });
    expect(status.replies[0]?.body?.text).toMatch(/^The weekly readiness digest is on for this channel/);
    const off = await h.say('ダイジェストを停止', { conversation: 'channel' });
    expect(off.replies[0]?.body?.text).toBe('このチャンネルへの週次ダイジェストを停止しました。');
    expect(h.store.digests?.listEnabled()).toEqual([]);
    const again = await h.say('digest off', { conversation: 'channel' });
    expect(again.replies[0]?.body?.text).toBe('The weekly readiness digest was not on for this channel.');
  });
});
