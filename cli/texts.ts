// Words of the `plan` and `fleet` terminal output, English and Japanese, in one place (they move
// into the ICU catalogue later). `{name}` placeholders are filled by `fill`.
import type { PlanMessageId, StepState } from '../services/planning/plan-path.ts';

/** Languages of the CLI's text output. */
export type CliLang = 'en' | 'ja';

/** The language of a run: `--lang` when given, else `ja` when LANG/LC_ALL/LC_MESSAGES starts with ja, else `en`. */
export function cliLang(flag: string | undefined, env: Record<string, string | undefined>): CliLang {
  if (flag !== undefined) return flag as CliLang;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** True when `value` is a language the CLI speaks. */
export function isCliLang(value: string): value is CliLang {
  return value === 'en' || value === 'ja';
}

/** Fills `{key}` placeholders; a value not known is shown as `?`. */
export function fill(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const v = params[key];
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) return '?';
    return Array.isArray(v) ? v.join(', ') : String(v);
  });
}

interface CliTexts {
  goal: Record<'overlay' | 'cilium', string>;
  target: Record<'overlay' | 'cilium', string>;
  state: Record<StepState, string>;
  now: string;
  header: [string, string, string, string, string];
  minutes: string;
  after: string;
  finishing: string;
  total: string;
  next: string;
  nextNone: string;
  nextBlocked: string;
  fix: string;
  before: string;
  changes: string;
  notes: string;
  message: Record<PlanMessageId, string>;
  fleetHeader: string[];
  fleetSummary: string;
  fleetUnread: string;
  fleetPartial: string;
  podCidrAssumed: string;
}

const en: CliTexts = {
  goal: { overlay: 'Azure CNI Overlay', cilium: 'Azure CNI Overlay + Cilium' },
  target: { overlay: 'Overlay', cilium: 'Cilium' },
  state: { blocked: 'BLOCKED', ready: 'READY', waiting: 'WAITING', running: 'RUNNING', done: 'DONE' },
  now: 'now: {mode}, dataplane {dataplane}, network policy {policy}, Kubernetes {version}',
  header: ['#', 'step', 'state', 'estimate', 'blockers'],
  minutes: '~{minutes} min',
  after: 'after step {n}',
  finishing: 'finishes the last migration',
  total: 'Estimated total: about {minutes} minutes of reimaging, each step approved on its own.',
  next: 'Next: step {n} ({target}): {command}',
  nextNone: 'Nothing to do: the cluster is already there.',
  nextBlocked: 'Step {n} ({target}) is blocked: clear its blockers first.',
  fix: 'fix',
  before: 'first',
  changes: 'changes',
  notes: 'Notes',
  message: {
    reimageAllPools: 'all {nodes} node(s) in {pools} pool(s) are reimaged at once (about {minutes} min)',
    podIpsFromPodCidr: 'pods get IPs from the private pod CIDR {podCidr} instead of the VNet subnet',
    podsNotRoutableFromVnet: 'pod IPs are no longer reachable from the VNet, peered VNets or on-premises',
    sourceIpBecomesNodeIp: 'traffic leaving the cluster carries the node IP as source, not the pod IP',
    routeTableRemoved: 'pod routes are removed from the route table(s) {routeTables}',
    ipv6Interrupted: 'IPv6 traffic breaks until every node is reimaged (dual-stack)',
    policyEngineReplaced: '{engine} is uninstalled and replaced by Cilium',
    enforcementGap: 'NetworkPolicies ({policies}) are enforced inconsistently until every node is reimaged',
    kubeProxyRemoved: 'kube-proxy is removed from the nodes',
    finishesMigration: 'sends the same update again to finish the failed or partial migration',
    removePolicyEngine: 'uninstall {engine} as its own update: {azCommand}',
    enforcementOffUntilCilium: 'after that, NetworkPolicies are not enforced until Cilium is enabled',
    ciliumFirstAlternative: 'or enable Cilium first (no gap in enforcement), then Overlay: {command}',
    ciliumBeforeOverlay: 'Cilium goes first: it replaces {engine} without a gap in enforcement, and Overlay then meets no policy engine',
    noOverlayPathFromPodSubnet: 'dynamic pod IP allocation has no path to Overlay; Cilium runs on the pod subnet',
    noPathFromByo: 'bring-your-own CNI has no path to Overlay or Cilium: rebuild the cluster',
    podCidrSuggested: 'no pod CIDR given: {podCidr} passes every check (--pod-cidr {podCidr})',
  },
  fleetHeader: ['cluster', 'mode', 'Kubernetes', 'overlay', 'cilium'],
  fleetSummary: '{clusters} cluster(s): overlay ready {overlayReady}, cilium ready {ciliumReady}, unread {unread}',
  fleetUnread: 'not read: {id}: {reason}',
  fleetPartial: 'read partly (judged fail-closed): {id}: {reason}',
  podCidrAssumed: 'with pod CIDR {podCidr}',
};

const ja: CliTexts = {
  goal: { overlay: 'Azure CNI オーバーレイ', cilium: 'Azure CNI オーバーレイ + Cilium' },
  target: { overlay: 'オーバーレイ', cilium: 'Cilium' },
  state: { blocked: 'ブロック', ready: '実行可能', waiting: '待機', running: '実行中', done: '完了' },
  now: '現在: {mode}、データプレーン {dataplane}、ネットワークポリシー {policy}、Kubernetes {version}',
  header: ['#', 'ステップ', '状態', '所要時間', 'ブロック'],
  minutes: '約 {minutes} 分',
  after: 'ステップ {n} の後',
  finishing: '前回の移行を完了させます',
  total: '合計: 再イメージ化に約 {minutes} 分（ステップごとに承認が必要）。',
  next: '次: ステップ {n}（{target}）: {command}',
  nextNone: '作業不要: クラスターはすでに目標の構成です。',
  nextBlocked: 'ステップ {n}（{target}）はブロックされています。先にブロックを解消してください。',
  fix: '対処',
  before: '事前作業',
  changes: '影響',
  notes: '補足',
  message: {
    reimageAllPools: '{pools} プールの全 {nodes} ノードを同時に再イメージ化（約 {minutes} 分）',
    podIpsFromPodCidr: 'ポッドの IP は VNet サブネットではなくプライベートなポッド CIDR {podCidr} から割り当て',
    podsNotRoutableFromVnet: 'VNet・ピアリング先・オンプレミスからポッド IP に直接届かなくなります',
    sourceIpBecomesNodeIp: 'クラスター外への通信の送信元はポッド IP ではなくノード IP になります',
    routeTableRemoved: 'ルートテーブル {routeTables} からポッドのルートが削除されます',
    ipv6Interrupted: '全ノードの再イメージ化が終わるまで IPv6 通信が途切れます（デュアルスタック）',
    policyEngineReplaced: '{engine} はアンインストールされ Cilium に置き換わります',
    enforcementGap: '全ノードの再イメージ化が終わるまで NetworkPolicy（{policies}）の適用が不安定になります',
    kubeProxyRemoved: 'ノードから kube-proxy が削除されます',
    finishesMigration: '同じ更新を再送して、失敗・未完了の移行を完了させます',
    removePolicyEngine: '{engine} を単独の更新でアンインストール: {azCommand}',
    enforcementOffUntilCilium: 'その後 Cilium を有効にするまで NetworkPolicy は適用されません',
    ciliumFirstAlternative: 'または先に Cilium を有効化（適用の空白なし）してからオーバーレイへ: {command}',
    ciliumBeforeOverlay: '先に Cilium: {engine} を空白なく置き換え、その後のオーバーレイ移行はポリシーエンジンに妨げられません',
    noOverlayPathFromPodSubnet: '動的ポッド IP 割り当てからオーバーレイへの移行経路はありません。Cilium はポッドサブネットのまま動作します',
    noPathFromByo: 'BYO CNI からオーバーレイ・Cilium への移行経路はありません。クラスターを作り直してください',
    podCidrSuggested: 'ポッド CIDR 未指定: {podCidr} はすべてのチェックを通ります（--pod-cidr {podCidr}）',
  },
  fleetHeader: ['クラスター', 'モード', 'Kubernetes', 'オーバーレイ', 'Cilium'],
  fleetSummary: '{clusters} クラスター: オーバーレイ移行可能 {overlayReady}、Cilium 移行可能 {ciliumReady}、未読 {unread}',
  fleetUnread: '読み取れませんでした: {id}: {reason}',
  fleetPartial: '一部のみ読み取り（安全側で判定）: {id}: {reason}',
  podCidrAssumed: 'ポッド CIDR {podCidr} を仮定',
};

/** The words of `lang`. */
export function texts(lang: CliLang): CliTexts {
  return lang === 'ja' ? ja : en;
}
