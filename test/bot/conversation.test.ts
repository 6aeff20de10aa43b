// Conversations over real HTTP: activities POSTed to the bot's restify server, replies captured by
// the local connector; Azure is the in-process emulator reached through openBackend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardOf, cardText, messageActivity, startHarness, type Harness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('bot conversation over HTTP', () => {
  it('GET /healthz answers 200 with a small JSON status', async () => {
    const res = await fetch(`${h.botUrl}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string };
    expect(body.status).toBe('ok');
  });

  it('help: one reply with the help card listing commands and examples', async () => {
    const { status, replies } = await h.say('help');
    expect(status).toBe(200);
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    expect(card?.type).toBe('AdaptiveCard');
    const text = cardText(card);
    expect(text).toContain('check aks-legacy');
    expect(text).toContain('list clusters');
  });

  it('check aks-legacy: one card with both targets, verdicts and check ids, after a typing indicator', async () => {
    const { replies, typing } = await h.say('check aks-legacy');
    expect(typing.length).toBeGreaterThanOrEqual(1);
    expect(replies).toHaveLength(1);
    const text = cardText(cardOf(replies[0]));
    expect(text).toContain('aks-legacy');
    expect(text).toMatch(/overlay/i);
    expect(text).toMatch(/cilium/i);
    expect(text).toContain('cilium-windows-pools');
    expect(text).toMatch(/blocked/i);
  });

  it('check with a target and a pod CIDR: only that target, ready', async () => {
    const { replies } = await h.say('is rg-demo/aks-legacy ready for overlay with pod cidr 192.168.0.0/16');
    expect(replies).toHaveLength(1);
    const text = cardText(cardOf(replies[0]));
    expect(text).toMatch(/ready/i);
    expect(text).toContain('192.168.0.0/16');
    expect(text).not.toContain('cilium-windows-pools');
  });

  it('Japanese check: the card is in Japanese', async () => {
    const { replies } = await h.say('aks-calico をチェック');
    expect(replies).toHaveLength(1);
    const text = cardText(cardOf(replies[0]));
    expect(text).toContain('overlay-network-policy');
    expect(text).toMatch(/[ぁ-んァ-ン]/);
  });

  it('activity.locale ja-JP makes English text answer in Japanese', async () => {
    const { replies } = await h.say('status', { locale: 'ja-JP' });
    expect(replies).toHaveLength(1);
    expect(String(replies[0].body?.text)).toMatch(/[ぁ-んァ-ン]/);
  });

  it('list clusters: the cluster list card with modes and versions', async () => {
    const { replies } = await h.say('list clusters');
    expect(replies).toHaveLength(1);
    const text = cardText(cardOf(replies[0]));
    for (const name of ['aks-legacy', 'aks-kubenet', 'aks-calico', 'aks-cilium']) expect(text).toContain(name);
    expect(text).toContain('rg-other');
  });

  it('unknown input: the help card led by the closest examples', async () => {
    const { replies } = await h.say('chek aks-legacy');
    expect(replies).toHaveLength(1);
    const text = cardText(cardOf(replies[0]));
    expect(text).toContain('chek aks-legacy');
    expect(text).toContain('check aks-legacy');
  });

  it('unknown cluster name: "did you mean" with names from the real list', async () => {
    const { replies } = await h.say('check aks-legacyy');
    expect(replies).toHaveLength(1);
    const text = cardText(cardOf(replies[0]));
    expect(text).toContain('aks-legacyy');
    expect(text).toContain('aks-legacy');
  });

  it('ambiguous name: a choose card; chooseCluster answers with the preflight of the chosen one', async () => {
    const { replies } = await h.say('check aks-kubenet for overlay');
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    const text = cardText(card);
    expect(text).toContain('rg-demo');
    expect(text).toContain('rg-other');
    const actions: { verb?: string; data?: { choice?: string }; title?: string }[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.type === 'Action.Execute') actions.push(o as (typeof actions)[number]);
        Object.values(o).forEach(walk);
      }
    };
    walk(card);
    expect(actions.length).toBe(2);
    expect(actions.every((a) => a.verb === 'chooseCluster')).toBe(true);
    const other = actions.find((a) => /rg-other/.test(a.title ?? '')) ?? actions[1];
    const choice = other.data?.choice;
    expect(typeof choice).toBe('string');

    const invoke = {
      ...messageActivity('', h.connector.url),
      type: 'invoke',
      name: 'adaptiveCard/action',
      text: undefined,
      replyToId: replies[0].id,
      value: { action: { type: 'Action.Execute', verb: 'chooseCluster', data: { choice } }, trigger: 'manual' },
    };
    const res = await h.post(invoke);
    expect(res.status).toBe(200);
    const body = res.body as { statusCode: number; type: string; value: unknown };
    expect(body.statusCode).toBe(200);
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    const chosen = cardText(body.value);
    expect(chosen).toContain('aks-kubenet');
    expect(chosen).toContain('rg-other');
    const update = await h.connector.waitFor((a) => a.kind === 'update' && a.activityId === replies[0].id, 5000);
    expect(cardText(cardOf(update))).toContain('aks-kubenet');
  });

  it('chooseCluster with a forged or stale token answers with a short message', async () => {
    const invoke = {
      ...messageActivity('', h.connector.url),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'chooseCluster', data: { choice: 'not-a-token' } }, trigger: 'manual' },
    };
    const res = await h.post(invoke);
    const body = res.body as { statusCode: number; type: string; value: unknown };
    expect(body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(body.value)).toMatch(/again/);
  });

  it('upgrade: the preflight card plus a line that approvals come later', async () => {
    const { replies } = await h.say('migrate aks-kubenet -g rg-demo to overlay');
    expect(replies).toHaveLength(1);
    expect(String(replies[0].body?.text)).toMatch(/approval/i);
    expect(cardText(cardOf(replies[0]))).toContain('aks-kubenet');
  });

  it('status, history and cancel parse and answer plainly', async () => {
    expect(String((await h.say('status aks-legacy')).replies[0].body?.text)).toMatch(/nothing yet/i);
    expect(String((await h.say('history aks-legacy')).replies[0].body?.text)).toContain('aks-legacy');
    expect(String((await h.say('cancel')).replies[0].body?.text)).toMatch(/nothing pending/i);
  });

  it('channel thread: the mention is stripped and the reply stays in the thread', async () => {
    const { replies, id } = await h.say('list clusters', { conversation: 'channel' });
    expect(replies).toHaveLength(1);
    expect(replies[0].conversationId).toBe('19:general@thread.tacv2;messageid=1700000000000');
    expect(replies[0].replyToId).toBe(id);
    expect(replies[0].path).toContain(encodeURIComponent('19:general@thread.tacv2;messageid=1700000000000'));
  });

  it('group chat works with a mention', async () => {
    const { replies } = await h.say('help', { conversation: 'groupChat' });
    expect(replies).toHaveLength(1);
    expect(replies[0].conversationId).toBe('19:group@thread.v2');
  });

  it('every conversation is remembered', async () => {
    await h.say('help', { conversationId: 'a:remember-me' });
    const stored = h.store.conversations.get('a:remember-me');
    expect(stored?.serviceUrl).toBe(h.connector.url);
    expect(stored?.isChannel).toBe(false);
    expect((stored?.reference as { conversation?: { id?: string } }).conversation?.id).toBe('a:remember-me');
  });

  it('subscribe in a channel persists across a store reopen; unsubscribe drops it', async () => {
    const { replies } = await h.say('notify this channel', { conversation: 'channel' });
    expect(String(replies[0].body?.text)).toMatch(/now receives/);
    const reopened = h.reopenStore();
    const subscribed = reopened.conversations.listSubscribed();
    expect(subscribed.map((c) => c.conversationId)).toContain('19:general@thread.tacv2');
    const ref = subscribed.find((c) => c.conversationId === '19:general@thread.tacv2');
    expect(ref?.isChannel).toBe(true);
    expect((ref?.reference as { conversation?: { id?: string } }).conversation?.id).toBe('19:general@thread.tacv2');

    const off = await h.say('unsubscribe', { conversation: 'channel' });
    expect(String(off.replies[0].body?.text)).toMatch(/no longer/);
    expect(h.store.conversations.listSubscribed().map((c) => c.conversationId)).not.toContain('19:general@thread.tacv2');
  });

  it('subscribe in personal chat explains it must be run in a channel', async () => {
    const { replies } = await h.say('subscribe');
    expect(String(replies[0].body?.text)).toMatch(/channel/);
    expect(h.store.conversations.listSubscribed().map((c) => c.conversationId)).not.toContain('a:personal-1');
  });

  it('garbage gets a sensible reply (help card), never an error', async () => {
    const garbage = ['', '🙂🚀', '<script>alert(1)</script>', 'x'.repeat(20_000), '<at>NetPilot</at>'];
    for (const g of garbage) {
      const { status, replies } = await h.say(g, { mention: false });
      expect(status, JSON.stringify(g.slice(0, 20))).toBe(200);
      expect(replies).toHaveLength(1);
      expect(cardOf(replies[0])?.type).toBe('AdaptiveCard');
    }
  });

  it('a body that is not an activity is a 400, not a 500', async () => {
    const res = await fetch(`${h.botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2]' });
    expect(res.status).toBe(400);
  });
});

describe('commands that need a cluster', () => {
  it('check without a cluster asks which one', async () => {
    const { replies } = await h.say('check for overlay');
    expect(replies).toHaveLength(1);
    expect(String(replies[0].body?.text)).toMatch(/which cluster/i);
  });

  it('a Japanese ambiguous command continues in Japanese after the choice', async () => {
    const { replies } = await h.say('aks-kubenet をチェック');
    const card = cardOf(replies[0]);
    const choice = /"choice":"([^"]+)"/.exec(JSON.stringify(card))?.[1];
    expect(choice).toBeDefined();
    const res = await h.post({
      ...messageActivity('', h.connector.url),
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: replies[0].id,
      value: { action: { type: 'Action.Execute', verb: 'chooseCluster', data: { choice } }, trigger: 'manual' },
    });
    const body = res.body as { type: string; value: unknown };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(body.value)).toMatch(/[ぁ-んァ-ン]/);
  });
});
