import { describe, expect, it } from 'vitest';
import { buildChooseClusterCard } from '../../cards/choose-cluster-card.ts';
import { buildClusterListCard } from '../../cards/cluster-list-card.ts';
import { buildErrorCard, buildNotFoundCard } from '../../cards/error-card.ts';
import { buildHelpCard } from '../../cards/help-card.ts';
import { buildHistoryCard } from '../../cards/history-card.ts';
import { buildFinalCard, buildProgressCard, poolBar } from '../../cards/progress-card.ts';
import { formatDuration } from '../../cards/format.ts';
import { validateCard } from '../../cards/validate.ts';
import { DEMO_SUBSCRIPTION, demoClusters, demoFinal, demoFinalFailed, demoHelpCommands, demoHistory, demoProgress } from './fixtures.ts';
import { jsonBytes, ofType, visibleText } from './helpers.ts';

describe('buildHelpCard', () => {
  it('lists every command with its examples', () => {
    const text = visibleText(buildHelpCard({ commands: demoHelpCommands, locale: 'en' }));
    for (const c of demoHelpCommands) {
      expect(text).toContain(c.title);
      for (const e of c.examples) expect(text).toContain(e);
    }
    expect(text).not.toContain('did not understand');
  });

  it('echoes unknown input (shortened) with the closest examples first', () => {
    const card = buildHelpCard({ commands: demoHelpCommands, unknownText: `${'z'.repeat(5000)}`, closestExamples: ['check aks-legacy'], locale: 'en' });
    const text = visibleText(card);
    expect(text.indexOf('check aks-legacy')).toBeLessThan(text.indexOf(demoHelpCommands[0].description));
    expect(jsonBytes(card)).toBeLessThan(10_000);
    expect(validateCard(card)).toEqual([]);
  });

  it('keeps hostile input as plain text', () => {
    const card = buildHelpCard({ commands: [], unknownText: '<at>bot</at> ${x} {{DATE(x)}} 🎉', locale: 'ja' });
    expect(validateCard(card)).toEqual([]);
    expect(visibleText(card)).toContain('🎉');
  });
});

describe('buildClusterListCard', () => {
  it('shows mode, data plane, policy and version of each cluster', () => {
    const card = buildClusterListCard({ clusters: demoClusters, locale: 'en' });
    const text = visibleText(card);
    expect(text).toContain('Clusters (9)');
    expect(text).toContain('aks-calico');
    expect(text).toContain('node-subnet · data plane azure · policy calico · Kubernetes 1.29.9');
    expect(text).toContain('Updating');
  });

  it('says so when there are none, and summarises very long lists', () => {
    expect(visibleText(buildClusterListCard({ clusters: [], locale: 'en' }))).toMatch(/No clusters/);
    const many = Array.from({ length: 250 }, (_, i) => ({ ...demoClusters[0], name: `aks-${i}` }));
    const card = buildClusterListCard({ clusters: many, locale: 'en' });
    expect(visibleText(card)).toContain('…and 150 more');
    expect(jsonBytes(card)).toBeLessThan(80 * 1024);
    expect(validateCard(card)).toEqual([]);
  });
});

describe('buildChooseClusterCard', () => {
  it('has one Action.Execute chooseCluster per candidate carrying only the opaque choice', () => {
    const candidates = ['rg-a', 'rg-b', 'rg-c'].map((rg, i) => ({ name: 'aks-x', resourceGroup: rg, subscriptionId: DEMO_SUBSCRIPTION, id: `t${i}` }));
    const card = buildChooseClusterCard({ query: 'aks-x', candidates, originalText: 'check aks-x', locale: 'en' });
    const actions = ofType(card, 'Action.Execute');
    expect(actions.map((a) => [a.verb, a.data])).toEqual([
      ['chooseCluster', { choice: 't0' }], ['chooseCluster', { choice: 't1' }], ['chooseCluster', { choice: 't2' }],
    ]);
    expect(visibleText(card)).toContain('aks-x (rg-b)');
    expect(validateCard(card)).toEqual([]);
  });
});

describe('buildErrorCard / buildNotFoundCard', () => {
  it('error card shows message, hint and correlation id; defaults the title', () => {
    const text = visibleText(buildErrorCard({ message: 'ARM timed out', hint: 'retry', correlationId: 'abc-123', locale: 'en' }));
    expect(text).toContain('Something went wrong');
    expect(text).toContain('ARM timed out');
    expect(text).toContain('Hint: retry');
    expect(text).toContain('abc-123');
  });

  it('not-found card suggests names, or says there are none', () => {
    expect(visibleText(buildNotFoundCard({ query: 'aks-legasy', suggestions: ['aks-legacy'], locale: 'en' }))).toMatch(/Did you mean:[\s\S]*aks-legacy/);
    expect(visibleText(buildNotFoundCard({ query: 'zzz', suggestions: [], locale: 'en' }))).toMatch(/No similar names/);
  });
});

describe('buildHistoryCard', () => {
  it('shows each entry with time, event and who', () => {
    const text = visibleText(buildHistoryCard({ clusterName: 'aks-legacy', entries: demoHistory, locale: 'en' }));
    expect(text).toContain('2025-06-02 01:32 UTC');
    expect(text).toContain('approved · by Ben Carter');
    expect(visibleText(buildHistoryCard({ clusterName: 'x', entries: [], locale: 'en' }))).toContain('Nothing recorded yet.');
  });
});

describe('buildProgressCard', () => {
  it('draws a text bar per pool with done/total and the draining count', () => {
    const card = buildProgressCard({ ...demoProgress, locale: 'en' });
    const text = visibleText(card);
    expect(text).toContain(poolBar(2, 3));
    expect(text).toMatch(/▓+░+ 2\/3/);
    expect(text).toContain('1 draining');
    expect(text).toContain('In progress: 50%');
    expect(text).toContain('12m 34s');
    expect(ofType(card, 'Action.OpenUrl')[0]?.url).toBe(demoProgress.portalUrl);
  });

  it('says when progress comes from ARM only', () => {
    expect(visibleText(buildProgressCard({ ...demoProgress, kubernetesReadable: false, locale: 'en' }))).toMatch(/cannot be read/);
  });

  it('never shows an empty pools section: running without pools says it waits for the first reading', () => {
    const running = buildProgressCard({ ...demoProgress, pools: [], percent: 0, locale: 'en' });
    const text = visibleText(running);
    expect(text).toContain('Node pools (reimaged / total)');
    expect(text).toContain('Waiting for the first reading from the cluster');
    expect(validateCard(running)).toEqual([]);
    expect(visibleText(buildProgressCard({ ...demoProgress, pools: [], locale: 'ja' }))).toContain('クラスターからの最初の読み取りを待っています');
    // an ended card without pools leaves the section out instead of showing an empty one
    const ended = visibleText(buildProgressCard({ ...demoProgress, pools: [], state: 'failed', locale: 'en' }));
    expect(ended).not.toContain('Node pools');
    expect(ended).not.toContain('Waiting');
  });

  it('awaitingFirstReading: the request\'s pools at 0 done plus the waiting line; a reading drops the line', () => {
    const pools = [{ name: 'nodepool1', reimaged: 0, total: 3, draining: 0 }];
    const waiting = visibleText(buildProgressCard({ ...demoProgress, pools, awaitingFirstReading: true, locale: 'en' }));
    expect(waiting).toContain('Waiting for the first reading');
    expect(waiting).toContain(poolBar(0, 3));
    expect(visibleText(buildProgressCard({ ...demoProgress, locale: 'en' }))).not.toContain('Waiting');
  });

  it('poolBar is proportional and safe for empty pools', () => {
    expect(poolBar(3, 6, 6)).toBe('▓▓▓░░░ 3/6');
    expect(poolBar(0, 0, 4)).toBe('░░░░ 0/0');
  });
});

describe('buildFinalCard', () => {
  it('says succeeded / failed in visible text (ja: also 成功 / 失敗)', () => {
    expect(visibleText(buildFinalCard({ ...demoFinal, locale: 'en' }))).toMatch(/succeeded/);
    expect(visibleText(buildFinalCard({ ...demoFinalFailed, locale: 'en' }))).toMatch(/failed/);
    const jaOk = visibleText(buildFinalCard({ ...demoFinal, locale: 'ja' }));
    expect(jaOk).toMatch(/succeeded/);
    expect(jaOk).toMatch(/成功/);
    const jaFail = visibleText(buildFinalCard({ ...demoFinalFailed, locale: 'ja' }));
    expect(jaFail).toMatch(/failed/);
    expect(jaFail).toMatch(/失敗/);
  });

  it('shows absent before/after values as (not set) / (未設定), never a bare dash (a markdown bullet)', () => {
    const data = { ...demoFinal, before: { networkPlugin: 'azure', networkPluginMode: null, networkDataplane: undefined, podCidr: '' } };
    const en = buildFinalCard({ ...data, locale: 'en' });
    const values = ofType(en, 'FactSet').flatMap((f) => (f.facts as { title: string; value: string }[]));
    expect(values.filter((f) => f.value === '(not set)').map((f) => f.title).sort()).toEqual(['networkDataplane', 'networkPluginMode', 'podCidr']);
    expect(values.some((f) => f.value === '-' || f.value === '')).toBe(false);
    expect(visibleText(buildFinalCard({ ...data, locale: 'ja' }))).toContain('(未設定)');
  });

  it('shows the error, the next step and before/after', () => {
    const text = visibleText(buildFinalCard({ ...demoFinalFailed, locale: 'en' }));
    expect(text).toContain('UpgradeFailed');
    expect(text).toContain(demoFinalFailed.error!.friendly);
    expect(text).toContain(`Next step: ${demoFinalFailed.error!.nextStep}`);
    expect(text).toContain('networkPolicy');
  });
});

describe('formatDuration', () => {
  it('writes hours, minutes and seconds with English abbreviations, and in Japanese units for ja', () => {
    expect([formatDuration(45), formatDuration(754), formatDuration(1800), formatDuration(3900)]).toEqual(['45s', '12m 34s', '30m 00s', '1h 05m']);
    expect([formatDuration(45, 'ja'), formatDuration(754, 'ja'), formatDuration(1800, 'ja'), formatDuration(3600, 'ja'), formatDuration(3900, 'ja')])
      .toEqual(['45 秒', '12 分 34 秒', '30 分', '1 時間', '1 時間 5 分']);
  });
});
