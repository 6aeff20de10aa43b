// Words of the CLI's terminal output (ICU MessageFormat), one catalogue per language, plus the
// language choice of a CLI run (`--lang`, else LC_ALL / LC_MESSAGES / LANG).
import { IntlMessageFormat } from 'intl-messageformat';
import type { Lang } from './render.ts';

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
} as const satisfies Record<CliTextId, string>;

/** The CLI catalogues; both hold exactly the same ids (type) and arguments (test). */
export const CLI_CATALOGUES: Readonly<Record<Lang, Readonly<Record<CliTextId, string>>>> = { en: cliEn, ja: cliJa };

/** The CLI text `id` in `lang`. */
export function cliText(lang: Lang, id: CliTextId, params: Record<string, string | number> = {}): string {
  return String(new IntlMessageFormat(CLI_CATALOGUES[lang][id], lang, undefined, { ignoreTag: true }).format(params));
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
