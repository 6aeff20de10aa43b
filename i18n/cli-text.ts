// Words of the CLI's terminal output (ICU MessageFormat), one catalogue per language, plus the
// language choice of a CLI run (`--lang`, else LC_ALL / LC_MESSAGES / LANG).
import { formatIcu, type Lang } from './render.ts';

const cliEn = {
  'verdict.ready': 'READY',
  'verdict.blocked': 'BLOCKED',
  'verdict.not-needed': 'NOT NEEDED',
  'verdict.incomplete': 'INCOMPLETE',
  'severity.blocker': 'BLOCKER',
  'severity.warning': 'WARNING',
  'severity.info': 'INFO',
  'now': 'now: {mode}, dataplane {dataplane}, network policy {policy}, Kubernetes {version}',
  'unknown': 'unknown',
  'none': '(none)',
  'not-needed': 'The cluster already runs {target, select, overlay {Azure CNI Overlay} other {Azure CNI powered by Cilium}}; nothing to do.',
  'pod-cidr': 'pod CIDR: {cidr}',
  'suggested-pod-cidr': 'suggested pod CIDR: {cidr}',
  'heading.blocker': 'Blockers ({count, number})',
  'heading.warning': 'Warnings, acknowledge each on approval ({count, number})',
  'heading.info': 'Notes ({count, number})',
  'passed': 'Passed ({count, number})',
  'not-applicable': 'Not applicable: {ids}',
  'plan': 'Plan',
  'irreversible': 'Irreversible: every node pool is reimaged at the same time.',
  'incomplete': 'The network profile already shows the target, but the last migration failed or did not convert every node. Finish it by sending the same update again (request the upgrade through NetPilot, or run the az command below).',
  'sends-again': 'Sends the same update again: AKS reconciles the cluster and finishes the migration (nodes are reimaged again).',
  'unverified': '(unverified)',
  'fix': 'fix: {text}',
  // netpilot plan
  'plan.goal.overlay': 'Azure CNI Overlay',
  'plan.target.overlay': 'Overlay',
  'plan.goal.cilium': 'Azure CNI Overlay + Cilium',
  'plan.target.cilium': 'Cilium',
  'plan.state.blocked': 'BLOCKED',
  'plan.state.ready': 'READY',
  'plan.state.waiting': 'WAITING',
  'plan.state.running': 'RUNNING',
  'plan.state.done': 'DONE',
  'plan.header.step': 'step',
  'plan.header.state': 'state',
  'plan.header.estimate': 'estimate',
  'plan.header.blockers': 'blockers',
  'plan.minutes': '~{minutes} min',
  'plan.after': 'after step {n}',
  'plan.finishing': 'finishes the last migration',
  'plan.total': 'Estimated total: about {minutes} minutes of reimaging, each step approved on its own.',
  'plan.next': 'Next: step {n} ({target}): {command}',
  'plan.next-none': 'Nothing to do: the cluster is already there.',
  'plan.next-blocked': 'Step {n} ({target}) is blocked: clear its blockers first.',
  'plan.fix': 'fix',
  'plan.before': 'first',
  'plan.changes': 'changes',
  'plan.notes': 'Notes',
  'plan.message.reimageAllPools': '{nodes, plural, one {the only node} other {all # nodes}} in {pools, plural, one {# pool} other {# pools}} {nodes, plural, one {is} other {are}} reimaged at once (about {minutes, number} min)',
  'plan.message.podIpsFromPodCidr': 'pods get IPs from the private pod CIDR {podCidr} instead of the VNet subnet',
  'plan.message.podsNotRoutableFromVnet': 'pod IPs are no longer reachable from the VNet, peered VNets or on-premises',
  'plan.message.sourceIpBecomesNodeIp': 'traffic leaving the cluster carries the node IP as source, not the pod IP',
  'plan.message.routeTableRemoved': 'pod routes are removed from the route {count, plural, one {table} other {tables}} {routeTables}',
  'plan.message.ipv6Interrupted': 'IPv6 traffic breaks until every node is reimaged (dual-stack)',
  'plan.message.policyEngineReplaced': '{engine} is uninstalled and replaced by Cilium',
  'plan.message.enforcementGap': 'NetworkPolicies ({policies}) are enforced inconsistently until every node is reimaged',
  'plan.message.kubeProxyRemoved': 'kube-proxy is removed from the nodes',
  'plan.message.finishesMigration': 'sends the same update again to finish the failed or partial migration',
  'plan.message.removePolicyEngine': 'uninstall {engine} as its own update: {azCommand}',
  'plan.message.enforcementOffUntilCilium': 'after that, NetworkPolicies are not enforced until Cilium is enabled',
  'plan.message.ciliumFirstAlternative': 'or enable Cilium first (no gap in enforcement), then Overlay: {command}',
  'plan.message.ciliumBeforeOverlay': 'Cilium goes first: it replaces {engine} without a gap in enforcement, and Overlay then meets no policy engine',
  'plan.message.noOverlayPathFromPodSubnet': 'dynamic pod IP allocation has no path to Overlay; Cilium runs on the pod subnet',
  'plan.message.noPathFromByo': 'bring-your-own CNI has no path to Overlay or Cilium: rebuild the cluster',
  'plan.message.podCidrSuggested': 'no pod CIDR given: {podCidr} passes every check (--pod-cidr {podCidr})',
  'fleet.header.cluster': 'cluster',
  'fleet.header.mode': 'mode',
  'fleet.header.kubernetes': 'Kubernetes',
  'fleet.header.overlay': 'overlay',
  'fleet.header.cilium': 'cilium',
  'fleet.verdict.ready': 'ready',
  'fleet.verdict.blocked': 'blocked',
  'fleet.verdict.not-needed': 'not-needed',
  'fleet.verdict.incomplete': 'incomplete',
  'fleet.summary': '{clusters, plural, one {# cluster} other {# clusters}}: overlay ready {overlayReady, number}, cilium ready {ciliumReady, number}, unread {unread, number}',
  'fleet.unread': 'not read: {id}: {reason}',
  'fleet.partial': 'read partly (judged fail-closed): {id}: {reason}',
  'fleet.pod-cidr-assumed': 'with pod CIDR {podCidr}',
  // netpilot audit verify
  'audit.intact': 'audit chain intact: {entries, plural, one {# entry} other {# entries}}{hasLast, select, yes {, last #{lastSeq} at {lastAt}, head {head}} other {}} ({file})',
  'audit.broken': 'audit chain BROKEN at entry #{seq} ({at}): {why}; {entries, plural, one {# entry} other {# entries}} in {file}',
  'audit.why.no-hash': 'the entry carries no hash',
  'audit.why.missing-before': 'the entry before it is missing (expected #{expected}, previous hash does not match)',
  'audit.why.prev-mismatch': 'its previous-entry hash does not match the entry before it',
  'audit.why.content-changed': 'its content does not match its hash (changed after it was written)',
  'audit.why.tail-removed': 'entries #{from}..#{to} were removed from the end of the trail',
} as const;

/** An id of the CLI catalogue. */
export type CliTextId = keyof typeof cliEn;

const cliJa = {
  'verdict.ready': '移行可能',
  'verdict.blocked': 'ブロックあり',
  'verdict.not-needed': '作業不要',
  'verdict.incomplete': '移行未完了',
  'severity.blocker': 'ブロッカー',
  'severity.warning': '警告',
  'severity.info': '情報',
  'now': '現在: {mode}、データプレーン {dataplane}、ネットワークポリシー {policy}、Kubernetes {version}',
  'unknown': '不明',
  'none': '（なし）',
  'not-needed': 'このクラスターはすでに {target, select, overlay {Azure CNI オーバーレイ} other {Azure CNI powered by Cilium}} です。作業は不要です。',
  'pod-cidr': 'ポッド CIDR: {cidr}',
  'suggested-pod-cidr': '推奨ポッド CIDR: {cidr}',
  'heading.blocker': 'ブロッカー（{count, number} 件）',
  'heading.warning': '警告（{count, number} 件、承認時にすべて確認が必要）',
  'heading.info': '補足（{count, number} 件）',
  'passed': '合格（{count, number} 件）',
  'not-applicable': '対象外: {ids}',
  'plan': '変更内容',
  'irreversible': '元に戻せません: すべてのノードプールが同時に再イメージ化されます。',
  'incomplete': 'ネットワークプロファイルはすでに移行先になっていますが、前回の移行が失敗したか、一部のノードが変換されていません。同じ更新をもう一度送ると完了します（NetPilot で移行をリクエストするか、下の az コマンドを実行してください）。',
  'sends-again': '同じ更新をもう一度送ります: AKS がクラスターを再調整して移行を完了します（ノードは再度再イメージ化されます）。',
  'unverified': '（未確認）',
  'fix': '対処: {text}',
  // netpilot plan
  'plan.goal.overlay': 'Azure CNI オーバーレイ',
  'plan.target.overlay': 'オーバーレイ',
  'plan.goal.cilium': 'Azure CNI オーバーレイ + Cilium',
  'plan.target.cilium': 'Cilium',
  'plan.state.blocked': 'ブロック',
  'plan.state.ready': '実行可能',
  'plan.state.waiting': '待機',
  'plan.state.running': '実行中',
  'plan.state.done': '完了',
  'plan.header.step': 'ステップ',
  'plan.header.state': '状態',
  'plan.header.estimate': '所要時間',
  'plan.header.blockers': 'ブロック',
  'plan.minutes': '約 {minutes} 分',
  'plan.after': 'ステップ {n} の後',
  'plan.finishing': '前回の移行を完了させます',
  'plan.total': '合計: 再イメージ化に約 {minutes} 分（ステップごとに承認が必要）。',
  'plan.next': '次: ステップ {n}（{target}）: {command}',
  'plan.next-none': '作業不要: クラスターはすでに目標の構成です。',
  'plan.next-blocked': 'ステップ {n}（{target}）はブロックされています。先にブロックを解消してください。',
  'plan.fix': '対処',
  'plan.before': '事前作業',
  'plan.changes': '影響',
  'plan.notes': '補足',
  'plan.message.reimageAllPools': '{pools, number} プールの全 {nodes, number} ノードを同時に再イメージ化（約 {minutes, number} 分）',
  'plan.message.podIpsFromPodCidr': 'ポッドの IP は VNet サブネットではなくプライベートなポッド CIDR {podCidr} から割り当て',
  'plan.message.podsNotRoutableFromVnet': 'VNet・ピアリング先・オンプレミスからポッド IP に直接届かなくなります',
  'plan.message.sourceIpBecomesNodeIp': 'クラスター外への通信の送信元はポッド IP ではなくノード IP になります',
  'plan.message.routeTableRemoved': 'ルートテーブル {routeTables} からポッドのルートが削除されます（{count, number} 個）',
  'plan.message.ipv6Interrupted': '全ノードの再イメージ化が終わるまで IPv6 通信が途切れます（デュアルスタック）',
  'plan.message.policyEngineReplaced': '{engine} はアンインストールされ Cilium に置き換わります',
  'plan.message.enforcementGap': '全ノードの再イメージ化が終わるまで NetworkPolicy（{policies}）の適用が不安定になります',
  'plan.message.kubeProxyRemoved': 'ノードから kube-proxy が削除されます',
  'plan.message.finishesMigration': '同じ更新を再送して、失敗・未完了の移行を完了させます',
  'plan.message.removePolicyEngine': '{engine} を単独の更新でアンインストール: {azCommand}',
  'plan.message.enforcementOffUntilCilium': 'その後 Cilium を有効にするまで NetworkPolicy は適用されません',
  'plan.message.ciliumFirstAlternative': 'または先に Cilium を有効化（適用の空白なし）してからオーバーレイへ: {command}',
  'plan.message.ciliumBeforeOverlay': '先に Cilium: {engine} を空白なく置き換え、その後のオーバーレイ移行はポリシーエンジンに妨げられません',
  'plan.message.noOverlayPathFromPodSubnet': '動的ポッド IP 割り当てからオーバーレイへの移行経路はありません。Cilium はポッドサブネットのまま動作します',
  'plan.message.noPathFromByo': 'BYO CNI からオーバーレイ・Cilium への移行経路はありません。クラスターを作り直してください',
  'plan.message.podCidrSuggested': 'ポッド CIDR 未指定: {podCidr} はすべてのチェックを通ります（--pod-cidr {podCidr}）',
  'fleet.header.cluster': 'クラスター',
  'fleet.header.mode': 'モード',
  'fleet.header.kubernetes': 'Kubernetes',
  'fleet.header.overlay': 'オーバーレイ',
  'fleet.header.cilium': 'Cilium',
  'fleet.verdict.ready': '移行可能',
  'fleet.verdict.blocked': 'ブロックあり',
  'fleet.verdict.not-needed': '作業不要',
  'fleet.verdict.incomplete': '移行未完了',
  'fleet.summary': '{clusters, number} クラスター: オーバーレイ移行可能 {overlayReady, number}、Cilium 移行可能 {ciliumReady, number}、未読 {unread, number}',
  'fleet.unread': '読み取れませんでした: {id}: {reason}',
  'fleet.partial': '一部のみ読み取り（安全側で判定）: {id}: {reason}',
  'fleet.pod-cidr-assumed': 'ポッド CIDR {podCidr} を仮定',
  // netpilot audit verify
  'audit.intact': '監査チェーンは改ざんされていません: {entries, number} 件{hasLast, select, yes {、最新 #{lastSeq}（{lastAt}）、先頭ハッシュ {head}} other {}}（{file}）',
  'audit.broken': '監査チェーンが壊れています: エントリ #{seq}（{at}）: {why}。{file} の {entries, number} 件中',
  'audit.why.no-hash': 'このエントリにハッシュがありません',
  'audit.why.missing-before': '直前のエントリがありません（#{expected} が必要ですが、前のハッシュが一致しません）',
  'audit.why.prev-mismatch': '前のエントリのハッシュが直前のエントリと一致しません',
  'audit.why.content-changed': '内容がハッシュと一致しません（書き込み後に変更されています）',
  'audit.why.tail-removed': '末尾のエントリ #{from}..#{to} が削除されています',
} as const satisfies Record<CliTextId, string>;

/** The CLI catalogues; both hold exactly the same ids (type) and arguments (test). */
export const CLI_CATALOGUES: Readonly<Record<Lang, Readonly<Record<CliTextId, string>>>> = { en: cliEn, ja: cliJa };

/** A parameter of a CLI text: lists are joined in the language's way. */
export type CliParam = string | number | readonly (string | number)[] | null | undefined;

/** The CLI text `id` in `lang` (ICU via i18n/render.ts); a missing value shows as `?`, a list is joined (`a, b` / `a、b`). */
export function cliText(lang: Lang, id: CliTextId, params: Readonly<Record<string, CliParam>> = {}): string {
  const values: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(params)) {
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) values[name] = '?';
    else if (Array.isArray(v)) values[name] = v.join(lang === 'ja' ? '、' : ', ');
    else values[name] = v as string | number;
  }
  return formatIcu(lang, CLI_CATALOGUES[lang][id], values);
}

/** True when `value` names a language NetPilot speaks. */
export function isLang(value: string | undefined): value is Lang {
  return value === 'en' || value === 'ja';
}

/** The language of a CLI run without `--lang`: Japanese when LC_ALL, LC_MESSAGES or LANG (first set) starts with `ja`. */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** An aside after a word: ` (text)` in English, `（text）` (full-width, no space) in Japanese. */
export function parenthetical(lang: Lang, text: string): string {
  return lang === 'ja' ? `（${text}）` : ` (${text})`;
}
