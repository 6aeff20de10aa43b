// What the progress notifier keeps per operation (thread, latest snapshot, what the card shows) and
// the language everything posted for it is in.
import type { OperationInfo, ProgressSnapshot } from '../../services/migration/types.ts';
import type { Store } from '../../services/store/types.ts';
import { asLocale, type Locale } from '../i18n/index.ts';
import type { Logger } from '../logger.ts';
import { parseThreadInfo, postReference, type ThreadInfo } from './thread.ts';

export interface OpState {
  info: OperationInfo;
  thread?: ThreadInfo;
  latest?: ProgressSnapshot;
  /** Bumped on every new snapshot; `sent` is the version last shown on the card. */
  version: number;
  sent: number;
  ended: boolean;
  /** Serialises every Teams call of this operation. */
  chain: Promise<void>;
}

/** The state of an operation first heard of: its thread (where replies go) parsed from the request. */
export function newOpState(op: OperationInfo, logger: Logger): OpState {
  const parsed = parseThreadInfo(op.thread);
  const reference = parsed ? postReference(parsed) : undefined;
  const thread = parsed && reference ? { ...parsed, reference, conversationId: String((reference.conversation as { id?: unknown }).id ?? parsed.conversationId) } : undefined;
  if (!thread) logger.warn({ operationId: op.operationId, requestId: op.requestId }, 'request has no thread: progress goes to subscribed channels only');
  return { info: op, thread, version: 0, sent: 0, ended: false, chain: Promise.resolve() };
}

/** The requester's pinned language (`language ja`, store.settings under their Entra object id or chat id), read at each post. */
function requesterPin(store: Store, logger: Logger, op: OperationInfo): Locale | undefined {
  try {
    const requester = store.requests.get(op.requestId)?.requester;
    if (!requester) return undefined;
    for (const id of [requester.id, ...(requester.aliases ?? [])]) {
      for (const key of [`aad:${id.toLowerCase()}`, `id:${id}`]) {
        const pinned = asLocale(store.settings.get(key, 'language'));
        if (pinned) return pinned;
      }
    }
  } catch (err) {
    logger.warn({ err, operationId: op.operationId }, 'could not read the requester\'s language; using the thread\'s');
  }
  return undefined;
}

/** The language of everything posted for an operation: the requester's pin, else the thread's (the conversation's locale at request time). */
export function opLocale(store: Store, logger: Logger, st: OpState): Locale {
  return requesterPin(store, logger, st.info) ?? st.thread?.locale ?? 'en';
}
