// The approval flow's view of its catalogue (i18n/approval-en.ts, i18n/approval-ja.ts): typed methods
// naming each ICU parameter, rendered through i18n/render.ts.
import { approvalEn, type ApprovalTextId } from '../../i18n/approval-en.ts';
import { approvalJa } from '../../i18n/approval-ja.ts';
import { translator, type Translate } from '../../i18n/render.ts';
import type { ApprovalMessages } from './approval-messages.ts';
import type { Locale } from './index.ts';

export type { ApprovalMessages } from './approval-messages.ts';

/** The approval catalogues by locale; both hold exactly the same ids (type + test). */
export const APPROVAL_CATALOGUES = { en: approvalEn, ja: approvalJa } as const;

const STATES = ['pending', 'approved', 'starting', 'rejected', 'expired', 'cancelled', 'running', 'succeeded', 'failed', 'unknown'] as const;
const AUDIT_KINDS = ['requested', 'approved', 'rejected', 'expired', 'cancelled', 'started', 'finished'] as const;

function view(t: Translate<ApprovalTextId>): ApprovalMessages {
  return {
    tenantNotAllowed: t('tenantNotAllowed'),
    notRequester: t('notRequester'),
    upgradeNeedTarget: (cluster) => t('upgradeNeedTarget', { cluster }),
    requestBlocked: (cluster, target) => t('requestBlocked', { cluster, target }),
    requestNotNeeded: (cluster, target) => t('requestNotNeeded', { cluster, target }),
    requestNoPlan: t('requestNoPlan'),
    requestLocked: (cluster, holder, id, state) => t('requestLocked', { cluster, holder, id, state }),
    requestPostFailed: (id) => t('requestPostFailed', { id }),
    requestSentToChannel: (id, channel) => t('requestSentToChannel', { id, channel }),
    noSubscribedChannel: t('noSubscribedChannel'),
    approvalChannelAmbiguous: (channels) => t('approvalChannelAmbiguous', { channels }),
    approvalChannelUnset: t('approvalChannelUnset'),
    approvalChannelUnknown: (id) => t('approvalChannelUnknown', { id }),
    entraIdRequired: t('entraIdRequired'),
    entraIdRequiredTitle: t('entraIdRequiredTitle'),
    notViewer: t('notViewer'),
    notChannelManager: t('notChannelManager'),
    channelManagersNone: t('channelManagersNone'),
    cancelled: (cluster, id) => t('cancelled', { cluster, id }),
    cancelNotAllowed: t('cancelNotAllowed'),
    cancelChoose: (clusters) => t('cancelChoose', { clusters }),
    cancelNotPending: (cluster, state) => t('cancelNotPending', { cluster, state }),
    invalidActionTitle: t('invalidActionTitle'),
    invalidAction: t('invalidAction'),
    dryRunNothingSent: t('dryRunNothingSent'),
    newBlockers: (checks) => t('newBlockers', { checks }),
    startClusterChanged: (cluster) => t('startClusterChanged', { cluster }),
    startBusy: (cluster, friendly, next) => t('startBusy', { cluster, friendly, next }),
    startThrottled: (cluster, friendly, next) => t('startThrottled', { cluster, friendly, next }),
    startError: (cluster, friendly, next) => t('startError', { cluster, friendly, next }),
    states: Object.fromEntries(STATES.map((s) => [s, t(`states.${s}`)])) as ApprovalMessages['states'],
    auditKinds: Object.fromEntries(AUDIT_KINDS.map((k) => [k, t(`auditKinds.${k}`)])) as ApprovalMessages['auditKinds'],
    historyOperation: (url) => t('historyOperation', { url }),
    historyReportHash: (hash) => t('historyReportHash', { hash: hash.slice(0, 12) }),
  };
}

/** Every approval catalogue view, by locale. */
export const APPROVAL_MESSAGES: Readonly<Record<Locale, ApprovalMessages>> = {
  en: view(translator(APPROVAL_CATALOGUES, 'en')),
  ja: view(translator(APPROVAL_CATALOGUES, 'ja')),
};

/** The approval catalogue of a locale. */
export function approvalMessages(locale: Locale): ApprovalMessages {
  return APPROVAL_MESSAGES[locale];
}
