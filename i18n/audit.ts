// Audit notes (services/approval/types.ts AuditNote) in each language: ICU MessageFormat, one
// catalogue per language with the same ids. Entries stored before notes existed keep their English text.
import type { AuditNote } from '../services/approval/types.ts';
import { formatIcu, type Lang } from './render.ts';

type AuditNoteId = AuditNote['id'];

const auditEn = {
  requested: '{target, select, overlay {Azure CNI Overlay} other {Cilium}}{podCidr, select, none {} other { with pod CIDR {podCidr}}}{dryRun, select, yes { (dry run)} other {}}',
  expired: 'expired at {expiresAt}',
  'dry-run-approved': 'dry run: nothing will be sent to Azure',
  'dry-run-started': 'dry run: nothing was sent to Azure',
  rejected: 'reason: {reason}',
  finished: '{status, select, succeeded {succeeded} failed {failed} canceled {canceled} other {outcome unknown}}{code, select, none {} other {: {code}}}{message, select, none {} other { (Azure said: {message})}}',
  scheduled: 'to start {kind, select, window {in the maintenance window at} other {at}} {at}',
  'not-started': 'the scheduled start did not happen: {reason, select, clusterChanged {the cluster changed since the approval} newBlocker {a blocker appeared} windowMissed {the maintenance window had ended} missed {the start time had long passed} preflightFailed {the preflight could not run} other {{reason}}}',
} as const satisfies Record<AuditNoteId, string>;

const auditJa = {
  requested: '{target, select, overlay {Azure CNI オーバーレイ} other {Cilium}}{podCidr, select, none {} other {（ポッド CIDR {podCidr}）}}{dryRun, select, yes {（ドライラン）} other {}}',
  expired: '{expiresAt} に期限切れ',
  'dry-run-approved': 'ドライラン: Azure には何も送信しません',
  'dry-run-started': 'ドライラン: Azure には何も送信していません',
  rejected: '理由: {reason}',
  finished: '{status, select, succeeded {成功} failed {失敗} canceled {キャンセル} other {結果不明}}{code, select, none {} other {: {code}}}{message, select, none {} other {（Azure の原文: {message}）}}',
  scheduled: '{kind, select, window {メンテナンス期間の} other {}}{at} に開始予定',
  'not-started': '予定の開始は行われませんでした: {reason, select, clusterChanged {承認後にクラスターが変更されました} newBlocker {ブロッカーが見つかりました} windowMissed {メンテナンス期間が終わっていました} missed {開始時刻を大きく過ぎていました} preflightFailed {事前チェックを実行できませんでした} other {{reason}}}',
} as const satisfies Record<AuditNoteId, string>;

/** The audit-note catalogues; both hold exactly the same ids (type) and arguments (test). */
export const AUDIT_CATALOGUES: Readonly<Record<Lang, Readonly<Record<AuditNoteId, string>>>> = { en: auditEn, ja: auditJa };

/** The note's parameters as the catalogue reads them (absent optional values as `none`, flags as yes/no). */
function params(note: AuditNote): Record<string, string> {
  switch (note.id) {
    case 'requested': return { target: note.target, podCidr: note.podCidr ?? 'none', dryRun: note.dryRun ? 'yes' : 'no' };
    case 'expired': return { expiresAt: note.expiresAt };
    case 'rejected': return { reason: note.reason };
    case 'finished': return { status: note.status, code: note.code ?? 'none', message: note.message ?? 'none' };
    case 'scheduled': return { kind: note.kind, at: note.at };
    case 'not-started': return { reason: note.reason.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()) };
    default: return {};
  }
}

/** The note in `lang`; a note of an unknown id (a damaged row) renders as its JSON, never throws. */
export function renderAuditNote(note: AuditNote, lang: Lang): string {
  const text = (AUDIT_CATALOGUES[lang] as Record<string, string | undefined>)[note.id];
  if (text === undefined) return JSON.stringify(note);
  return formatIcu(lang, text, params(note));
}
