import { describe, expect, it } from 'vitest';
import { COMMANDS, INTENT_PRIORITY } from '../../../bot/commands/definitions.ts';
import { MAX_INPUT_CHARS, parseCommand, type ParsedCommand } from '../../../bot/commands/parser.ts';

type Expect = Partial<{
  intent: ParsedCommand['intent'];
  name: string;
  rg: string;
  sub: string;
  target: 'overlay' | 'cilium' | null;
  podCidr: string;
  language: 'en' | 'ja';
}>;

function check(text: string, want: Expect): void {
  const got = parseCommand(text);
  if (want.intent) expect(got.intent, text).toBe(want.intent);
  if (want.language) expect(got.language, text).toBe(want.language);
  if (got.intent === 'unknown') return;
  if (want.name !== undefined) expect(got.cluster?.name, text).toBe(want.name);
  if (want.rg !== undefined) expect(got.cluster?.resourceGroup, text).toBe(want.rg);
  if (want.sub !== undefined) expect(got.cluster?.subscriptionId, text).toBe(want.sub);
  if (want.target !== undefined) expect(got.target ?? null, text).toBe(want.target);
  if (want.podCidr !== undefined) expect(got.podCidr, text).toBe(want.podCidr);
}

const SUB = '6f1e4c2a-0d4b-4a53-9a8e-2b7c1d9e5f00';

describe('parseCommand: every example of the command definitions', () => {
  for (const def of COMMANDS) {
    for (const example of [...def.examples.en, ...def.examples.ja]) {
      it(`${def.intent}: ${example}`, () => {
        expect(parseCommand(example).intent).toBe(def.intent);
      });
    }
  }
});

describe('parseCommand: spec §4 examples with their arguments', () => {
  const table: [string, Expect][] = [
    ['help', { intent: 'help', language: 'en' }],
    ['?', { intent: 'help' }],
    ['ヘルプ', { intent: 'help', language: 'ja' }],
    ['check aks-legacy', { intent: 'preflight', name: 'aks-legacy', target: null }],
    ['preflight aks-legacy for overlay', { intent: 'preflight', name: 'aks-legacy', target: 'overlay' }],
    ['can aks-legacy move to cilium?', { intent: 'preflight', name: 'aks-legacy', target: 'cilium' }],
    ['is rg-demo/aks-legacy ready for overlay with pod cidr 192.168.0.0/16',
      { intent: 'preflight', name: 'aks-legacy', rg: 'rg-demo', target: 'overlay', podCidr: '192.168.0.0/16' }],
    ['aks-legacy をチェック', { intent: 'preflight', name: 'aks-legacy', target: null, language: 'ja' }],
    ['aks-legacy はオーバーレイに移行できますか', { intent: 'preflight', name: 'aks-legacy', target: 'overlay', language: 'ja' }],
    ['upgrade aks-legacy to overlay with pod cidr 192.168.0.0/16',
      { intent: 'upgrade', name: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16' }],
    ['migrate aks-kubenet to overlay', { intent: 'upgrade', name: 'aks-kubenet', target: 'overlay' }],
    ['enable cilium on aks-overlay', { intent: 'upgrade', name: 'aks-overlay', target: 'cilium' }],
    ['aks-legacy をオーバーレイに移行 ポッドCIDR 192.168.0.0/16',
      { intent: 'upgrade', name: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16', language: 'ja' }],
    ['aks-overlay を Cilium にアップグレード', { intent: 'upgrade', name: 'aks-overlay', target: 'cilium', language: 'ja' }],
    ['status', { intent: 'status' }],
    ['status aks-legacy', { intent: 'status', name: 'aks-legacy' }],
    ['状態', { intent: 'status', language: 'ja' }],
    ['list clusters', { intent: 'list' }],
    ['clusters', { intent: 'list' }],
    ['クラスター一覧', { intent: 'list', language: 'ja' }],
    ['history aks-legacy', { intent: 'history', name: 'aks-legacy' }],
    ['履歴 aks-legacy', { intent: 'history', name: 'aks-legacy', language: 'ja' }],
    ['cancel', { intent: 'cancel' }],
    ['cancel aks-legacy', { intent: 'cancel', name: 'aks-legacy' }],
    ['notify this channel', { intent: 'subscribe' }],
    ['subscribe', { intent: 'subscribe' }],
    ['このチャンネルに通知', { intent: 'subscribe', language: 'ja' }],
    ['unsubscribe', { intent: 'unsubscribe' }],
  ];
  for (const [text, want] of table) it(text, () => check(text, want));
});

describe('parseCommand: more phrasings (English and Japanese)', () => {
  const table: [string, Expect][] = [
    ['Check aks-legacy please', { intent: 'preflight', name: 'aks-legacy' }],
    ['CHECK AKS-LEGACY', { intent: 'preflight', name: 'AKS-LEGACY' }],
    ['hey, can you check aks-legacy?', { intent: 'preflight', name: 'aks-legacy', target: null }],
    ['please preflight aks-calico for cilium', { intent: 'preflight', name: 'aks-calico', target: 'cilium' }],
    ['aks-legacy check', { intent: 'preflight', name: 'aks-legacy' }],
    ['for overlay check aks-legacy', { intent: 'preflight', name: 'aks-legacy', target: 'overlay' }],
    ['check aks-legacy -g rg-demo', { intent: 'preflight', name: 'aks-legacy', rg: 'rg-demo' }],
    ['check aks-legacy --resource-group rg-demo', { intent: 'preflight', name: 'aks-legacy', rg: 'rg-demo' }],
    ['check aks-legacy in rg-demo', { intent: 'preflight', name: 'aks-legacy', rg: 'rg-demo' }],
    ['check aks-legacy in resource group rg-demo for overlay', { intent: 'preflight', name: 'aks-legacy', rg: 'rg-demo', target: 'overlay' }],
    [`check /subscriptions/${SUB}/resourceGroups/rg-demo/providers/Microsoft.ContainerService/managedClusters/aks-legacy`,
      { intent: 'preflight', name: 'aks-legacy', rg: 'rg-demo', sub: SUB }],
    [`check aks-legacy -g rg-demo -s ${SUB}`, { intent: 'preflight', name: 'aks-legacy', rg: 'rg-demo', sub: SUB }],
    ['check aks-legacy for cni overlay', { intent: 'preflight', name: 'aks-legacy', target: 'overlay' }],
    ['check aks-legacy for azure cni overlay', { intent: 'preflight', name: 'aks-legacy', target: 'overlay' }],
    ['check aks-legacy dataplane', { intent: 'preflight', name: 'aks-legacy', target: 'cilium' }],
    ['check aks-legacy for Cilium', { intent: 'preflight', name: 'aks-legacy', target: 'cilium' }],
    ['check aks-legacy for overlay and cilium', { intent: 'preflight', name: 'aks-legacy', target: null }],
    ['check aks-legacy --pod-cidr 100.64.0.0/16', { intent: 'preflight', name: 'aks-legacy', podCidr: '100.64.0.0/16' }],
    ['check aks-legacy --pod-cidr=100.64.0.0/16 overlay', { intent: 'preflight', name: 'aks-legacy', podCidr: '100.64.0.0/16', target: 'overlay' }],
    ['is aks-kubenet ready for overlay?', { intent: 'preflight', name: 'aks-kubenet', target: 'overlay' }],
    ['could aks-calico migrate to cilium', { intent: 'preflight', name: 'aks-calico', target: 'cilium' }],
    ['verify aks-ipmasq', { intent: 'preflight', name: 'aks-ipmasq' }],
    ['aks-legacy overlay?', { intent: 'preflight', name: 'aks-legacy', target: 'overlay' }],
    ['rg-demo/aks-podsubnet', { intent: 'preflight', name: 'aks-podsubnet', rg: 'rg-demo' }],
    ['pre-flight aks-busy', { intent: 'preflight', name: 'aks-busy' }],
    ['can you migrate aks-kubenet to overlay', { intent: 'upgrade', name: 'aks-kubenet', target: 'overlay' }],
    ['switch aks-overlay to cilium now', { intent: 'upgrade', name: 'aks-overlay', target: 'cilium' }],
    ['upgrade aks-legacy to overlay, pod cidr 10.244.0.0/16', { intent: 'upgrade', name: 'aks-legacy', target: 'overlay', podCidr: '10.244.0.0/16' }],
    ['migrate aks-legacy from overlay to cilium', { intent: 'upgrade', name: 'aks-legacy', target: 'cilium' }],
    ['I want to migrate aks-kubenet to cni overlay', { intent: 'upgrade', name: 'aks-kubenet', target: 'overlay' }],
    ['what is the status of aks-legacy', { intent: 'status', name: 'aks-legacy' }],
    ['show me the history of aks-legacy', { intent: 'history', name: 'aks-legacy' }],
    ['audit log aks-calico', { intent: 'history', name: 'aks-calico' }],
    ['list', { intent: 'list' }],
    ['show clusters', { intent: 'list' }],
    ['list all clusters please', { intent: 'list' }],
    ['what can you do', { intent: 'help' }],
    ['help me', { intent: 'help' }],
    ['cancel my request for aks-legacy', { intent: 'cancel', name: 'aks-legacy' }],
    ['withdraw', { intent: 'cancel' }],
    ['stop notifications', { intent: 'unsubscribe' }],
    ['please notify this channel', { intent: 'subscribe' }],
    ['<at>NetPilot</at> check aks-legacy', { intent: 'preflight', name: 'aks-legacy' }],
    ['<p>check <b>aks-legacy</b></p>', { intent: 'preflight', name: 'aks-legacy' }],
    ['ｃｈｅｃｋ　ａｋｓ－ｌｅｇａｃｙ', { intent: 'preflight', name: 'aks-legacy' }],
    // Japanese
    ['aks-legacyをチェック', { intent: 'preflight', name: 'aks-legacy', language: 'ja' }],
    ['ａｋｓ－ｌｅｇａｃｙをチェックしてください', { intent: 'preflight', name: 'aks-legacy', language: 'ja' }],
    ['aks-calico を確認してください。', { intent: 'preflight', name: 'aks-calico', language: 'ja' }],
    ['aks-calico をシリウムに移行できますか？', { intent: 'preflight', name: 'aks-calico', target: 'cilium', language: 'ja' }],
    ['aks-legacy はオーバーレイに移行可能？', { intent: 'preflight', name: 'aks-legacy', target: 'overlay' }],
    ['rg-demo の aks-legacy をチェック', { intent: 'preflight', name: 'aks-legacy', rg: 'rg-demo' }],
    ['rg-demo/aks-legacy の事前チェック オーバーレイ', { intent: 'preflight', name: 'aks-legacy', rg: 'rg-demo', target: 'overlay' }],
    ['aks-legacy をオーバーレイでチェック ポッドCIDR 192.168.0.0/16', { intent: 'preflight', name: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16' }],
    ['aks-legacy をチェック --pod-cidr 192.168.0.0/16', { intent: 'preflight', name: 'aks-legacy', podCidr: '192.168.0.0/16' }],
    ['aks-kubenet をオーバーレイに移行してください', { intent: 'upgrade', name: 'aks-kubenet', target: 'overlay', language: 'ja' }],
    ['aks-overlay で Cilium を有効化', { intent: 'upgrade', name: 'aks-overlay', target: 'cilium' }],
    ['aks-overlay をデータプレーン シリウムに切り替え', { intent: 'upgrade', name: 'aks-overlay', target: 'cilium' }],
    ['aks-legacy の状態', { intent: 'status', name: 'aks-legacy', language: 'ja' }],
    ['進捗は？', { intent: 'status', language: 'ja' }],
    ['aks-legacy の履歴を見せて', { intent: 'history', name: 'aks-legacy' }],
    ['クラスターの一覧を表示', { intent: 'list', language: 'ja' }],
    ['クラスター', { intent: 'list', language: 'ja' }],
    ['使い方を教えて', { intent: 'help', language: 'ja' }],
    ['キャンセル', { intent: 'cancel', language: 'ja' }],
    ['aks-legacy の移行を取り消して', { intent: 'cancel', name: 'aks-legacy' }],
    ['このチャンネルの通知を解除', { intent: 'unsubscribe', language: 'ja' }],
    ['通知を止めて', { intent: 'unsubscribe', language: 'ja' }],
    ['通知お願いします', { intent: 'subscribe', language: 'ja' }],
  ];
  for (const [text, want] of table) it(text, () => check(text, want));
  it('has at least 40 extra phrasings', () => expect(table.length).toBeGreaterThanOrEqual(40));
});

describe('parseCommand: plans (spec §8), goal words overlay / cilium / "overlay + cilium"', () => {
  const table: [string, Expect][] = [
    ['plan aks-kubenet to cilium', { intent: 'plan', name: 'aks-kubenet', target: 'cilium', language: 'en' }],
    ['how do I get aks-kubenet to cilium', { intent: 'plan', name: 'aks-kubenet', target: 'cilium' }],
    ['aks-kubenet を Cilium まで移行する計画', { intent: 'plan', name: 'aks-kubenet', target: 'cilium', language: 'ja' }],
    ['plan aks-kubenet to overlay + cilium', { intent: 'plan', name: 'aks-kubenet', target: 'cilium' }],
    ['plan aks-kubenet to overlay and cilium', { intent: 'plan', name: 'aks-kubenet', target: 'cilium' }],
    ['plan aks-legacy to overlay with pod cidr 192.168.0.0/16', { intent: 'plan', name: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16' }],
    ['Plan rg-demo/aks-kubenet to Cilium please', { intent: 'plan', name: 'aks-kubenet', rg: 'rg-demo', target: 'cilium' }],
    ['how can we move aks-calico to cilium?', { intent: 'plan', name: 'aks-calico', target: 'cilium' }],
    ['what is the migration path for aks-kubenet to cilium', { intent: 'plan', name: 'aks-kubenet', target: 'cilium' }],
    ['roadmap aks-kubenet overlay', { intent: 'plan', name: 'aks-kubenet', target: 'overlay' }],
    ['plan aks-kubenet', { intent: 'plan', name: 'aks-kubenet', target: null }],
    ['aks-kubenet の移行計画', { intent: 'plan', name: 'aks-kubenet', target: null, language: 'ja' }],
    ['aks-kubenet をオーバーレイ + シリウムまで移行する計画を見せて', { intent: 'plan', name: 'aks-kubenet', target: 'cilium', language: 'ja' }],
    ['aks-legacy をオーバーレイに移行する手順', { intent: 'plan', name: 'aks-legacy', target: 'overlay', language: 'ja' }],
    ['ＡＫＳ－ＫＵＢＥＮＥＴ を Cilium まで移行するプラン', { intent: 'plan', name: 'AKS-KUBENET', target: 'cilium', language: 'ja' }],
    // not plans: the other intents keep their words
    ['upgrade aks-kubenet to overlay', { intent: 'upgrade', name: 'aks-kubenet', target: 'overlay' }],
    ['how do I use this', { intent: 'help' }],
    ['history aks-kubenet', { intent: 'history', name: 'aks-kubenet' }],
  ];
  for (const [text, want] of table) it(text, () => check(text, want));
});

describe('parseCommand: garbage gets an unknown with the closest examples, never a throw', () => {
  const garbage: unknown[] = [
    '', '   ', '\n\t', '🙂🚀🔥', '<script>alert(1)</script>', '<at>NetPilot</at>', '<at>NetPilot</at> <at>Bob</at>',
    'x'.repeat(20_000), 'lorem ipsum '.repeat(2000), '&lt;&gt;&amp;', 'asdfghjkl', 'ほげほげ', '\u0000\u0001',
    '/subscriptions/', '-g', '--pod-cidr', 'in', 'の', undefined, null, 42, { text: 'check' },
  ];
  for (const g of garbage) {
    it(`garbage: ${JSON.stringify(g)?.slice(0, 40)}`, () => {
      const got = parseCommand(g);
      expect(got.intent).toBe('unknown');
      if (got.intent === 'unknown') {
        expect(got.closest.length).toBeGreaterThan(0);
        expect(got.closest.length).toBeLessThanOrEqual(3);
      }
    });
  }

  it('caps long input early and stays fast', () => {
    const huge = `check aks-legacy ${'overlay '.repeat(5000)}`;
    const start = performance.now();
    const got = parseCommand(huge);
    expect(performance.now() - start).toBeLessThan(200);
    expect(got.intent).toBe('preflight');
    expect(MAX_INPUT_CHARS).toBeLessThan(huge.length);
  });

  it('suggests close examples for a near miss', () => {
    const got = parseCommand('chek aks-legacy');
    expect(got.intent).toBe('unknown');
    if (got.intent === 'unknown') expect(got.closest).toContain('check aks-legacy');
  });

  it('suggests Japanese examples for Japanese input', () => {
    const got = parseCommand('ほげほげ');
    expect(got.language).toBe('ja');
    if (got.intent === 'unknown') expect(got.closest.some((e) => /[ぁ-んァ-ン]/.test(e))).toBe(true);
  });
});

describe('command definitions', () => {
  it('has one definition per intent and a complete priority list', () => {
    const intents = COMMANDS.map((c) => c.intent);
    expect(new Set(intents).size).toBe(intents.length);
    expect([...INTENT_PRIORITY].sort()).toEqual([...intents].sort());
  });
});

describe('parseCommand: Japanese phrasings (polite and plain, full-width, 「」, particles)', () => {
  const table: [string, Expect][] = [
    // preflight
    ['aks-legacy をチェックして', { intent: 'preflight', name: 'aks-legacy', language: 'ja' }],
    ['aks-legacy をチェックしてください', { intent: 'preflight', name: 'aks-legacy', language: 'ja' }],
    ['aks-legacy をチェックしてもらえますか', { intent: 'preflight', name: 'aks-legacy', language: 'ja' }],
    ['「aks-legacy」をチェック', { intent: 'preflight', name: 'aks-legacy', language: 'ja' }],
    ['『aks-calico』を確認して', { intent: 'preflight', name: 'aks-calico', language: 'ja' }],
    ['aks-legacyはオーバーレイに移行できる？', { intent: 'preflight', name: 'aks-legacy', target: 'overlay', language: 'ja' }],
    ['aks-legacy は オーバーレイに移行できますか？', { intent: 'preflight', name: 'aks-legacy', target: 'overlay', language: 'ja' }],
    ['aks-calico は Cilium に移行できますか', { intent: 'preflight', name: 'aks-calico', target: 'cilium', language: 'ja' }],
    ['ａｋｓ－ｃａｌｉｃｏ をＣｉｌｉｕｍに移行できますか', { intent: 'preflight', name: 'aks-calico', target: 'cilium', language: 'ja' }],
    ['aks-legacy の事前チェック', { intent: 'preflight', name: 'aks-legacy', language: 'ja' }],
    ['aks-legacy で事前チェックを実行して', { intent: 'preflight', name: 'aks-legacy', language: 'ja' }],
    ['aks-legacy が移行できるか確認して', { intent: 'preflight', name: 'aks-legacy', language: 'ja' }],
    ['aks-legacy をオーバーレイでチェック ポッド CIDR １９２．１６８．０．０／１６', { intent: 'preflight', name: 'aks-legacy', target: 'overlay', podCidr: '192.168.0.0/16' }],
    ['rg-demo/aks-legacy をチェックして', { intent: 'preflight', name: 'aks-legacy', rg: 'rg-demo', language: 'ja' }],
    // upgrade
    ['aks-kubenet をオーバーレイに移行して', { intent: 'upgrade', name: 'aks-kubenet', target: 'overlay', language: 'ja' }],
    ['aks-kubenet をオーバーレイに移行します', { intent: 'upgrade', name: 'aks-kubenet', target: 'overlay', language: 'ja' }],
    ['「aks-kubenet」をオーバーレイに移行してください', { intent: 'upgrade', name: 'aks-kubenet', target: 'overlay', language: 'ja' }],
    ['aks-overlay を Cilium にアップグレードしてください', { intent: 'upgrade', name: 'aks-overlay', target: 'cilium', language: 'ja' }],
    ['aks-overlay に Cilium を有効化して', { intent: 'upgrade', name: 'aks-overlay', target: 'cilium', language: 'ja' }],
    ['aks-legacy をオーバーレイに移行 ポッドCIDR 100.64.0.0/16 でお願いします', { intent: 'upgrade', name: 'aks-legacy', target: 'overlay', podCidr: '100.64.0.0/16' }],
    // status
    ['状態を見せて', { intent: 'status', language: 'ja' }],
    ['aks-legacy の状態を教えてください', { intent: 'status', name: 'aks-legacy', language: 'ja' }],
    ['aks-legacy の進捗は？', { intent: 'status', name: 'aks-legacy', language: 'ja' }],
    // list
    ['クラスター一覧を見せて', { intent: 'list', language: 'ja' }],
    ['クラスターの一覧をください', { intent: 'list', language: 'ja' }],
    // history
    ['aks-legacy の履歴', { intent: 'history', name: 'aks-legacy', language: 'ja' }],
    ['aks-legacy の履歴を表示してください', { intent: 'history', name: 'aks-legacy', language: 'ja' }],
    ['「aks-legacy」の履歴を見せて', { intent: 'history', name: 'aks-legacy', language: 'ja' }],
    // cancel
    ['aks-legacy をキャンセルして', { intent: 'cancel', name: 'aks-legacy', language: 'ja' }],
    ['aks-legacy のリクエストを取り消してください', { intent: 'cancel', name: 'aks-legacy', language: 'ja' }],
    // subscribe / unsubscribe
    ['このチャンネルに通知してください', { intent: 'subscribe', language: 'ja' }],
    ['このチャンネルの通知を解除してください', { intent: 'unsubscribe', language: 'ja' }],
    // help
    ['ヘルプを見せて', { intent: 'help', language: 'ja' }],
    ['使い方は？', { intent: 'help', language: 'ja' }],
    ['ＨＥＬＰ', { intent: 'help' }],
  ];
  for (const [text, want] of table) it(text, () => check(text, want));
  it('has, with the Japanese rows above, at least 40 Japanese sentences', () => {
    expect(table.length).toBeGreaterThanOrEqual(35);
  });
});

describe('parseCommand: fleet readiness and the weekly digest (issue 14)', () => {
  const table: [string, Expect][] = [
    ['readiness', { intent: 'readiness', language: 'en' }],
    ['fleet', { intent: 'readiness' }],
    ['which clusters can move to overlay', { intent: 'readiness' }],
    ['Which clusters can move to Cilium?', { intent: 'readiness' }],
    ['show fleet readiness', { intent: 'readiness' }],
    ['what clusters are ready for overlay', { intent: 'readiness' }],
    ['which clusters are blocked?', { intent: 'readiness' }],
    ['移行準備状況', { intent: 'readiness', language: 'ja' }],
    ['移行準備状況を見せて', { intent: 'readiness', language: 'ja' }],
    ['フリートの状況', { intent: 'readiness', language: 'ja' }],
    ['どのクラスターがオーバーレイに移行できますか', { intent: 'readiness', language: 'ja' }],
    ['すべてのクラスターの準備状況', { intent: 'readiness', language: 'ja' }],
    // a named cluster stays a preflight
    ['is aks-legacy ready for overlay', { intent: 'preflight', name: 'aks-legacy', target: 'overlay' }],
    ['check readiness of aks-legacy', { intent: 'preflight', name: 'aks-legacy' }],
    ['aks-legacy の移行状況', { intent: 'status', name: 'aks-legacy' }],
  ];
  for (const [text, want] of table) it(text, () => check(text, want));

  const switches: [string, 'on' | 'off' | undefined, 'en' | 'ja'][] = [
    ['digest on', 'on', 'en'],
    ['digest off', 'off', 'en'],
    ['Digest ON please', 'on', 'en'],
    ['enable the weekly digest', 'on', 'en'],
    ['stop the digest', 'off', 'en'],
    ['digest', undefined, 'en'],
    ['ダイジェストをオン', 'on', 'ja'],
    ['週次ダイジェストを停止', 'off', 'ja'],
    ['ダイジェストを有効にして', 'on', 'ja'],
    ['ダイジェスト', undefined, 'ja'],
  ];
  for (const [text, sw, language] of switches) {
    it(`${text} -> digest ${sw ?? '(show)'}`, () => {
      const got = parseCommand(text);
      expect(got).toMatchObject({ intent: 'digest', language });
      expect(got.intent === 'digest' ? got.switch : 'not digest').toBe(sw);
      expect(got.intent === 'digest' ? got.cluster : 'not digest').toBeUndefined();
    });
  }
});
