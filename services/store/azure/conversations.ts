// Conversation references on Azure Tables. `remember` replaces the reference but keeps the
// subscription flag: read, then replace at that ETag (or create), retried when another instance wrote.
import { odata } from '@azure/data-tables';
import type { ConversationStore, StoredConversation } from '../types.ts';
import { optStr, packJson, safeKey, unpackJson, type Entity, type SubStoreContext } from './table.ts';

const PK = 'conversation';
const ATTEMPTS = 5;

export function azureConversationStore({ table }: SubStoreContext): ConversationStore {
  const toConv = (e: Entity): StoredConversation => ({
    conversationId: e.conversationId as string, channelId: e.channelId as string, serviceUrl: e.serviceUrl as string,
    tenantId: optStr(e.tenantId), conversationType: optStr(e.conversationType), isChannel: e.isChannel === true,
    reference: unpackJson<Record<string, unknown>>(e, 'reference'), updatedAt: e.updatedAt as string,
  });
  /** Sets the subscription flag; returns whether it changed. */
  const setSubscribed = (conversationId: string, subscribed: boolean, mustExist: boolean): boolean => {
    const rk = safeKey(conversationId);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const e = table.get(PK, rk);
      if (!e) {
        if (mustExist) throw new Error(`conversation ${conversationId} is not remembered`);
        return false;
      }
      if ((e.subscribed === true) === subscribed) return false;
      if (table.replace({ partitionKey: PK, rowKey: rk, subscribed }, e.etag, 'Merge')) return true;
    }
    throw new Error(`conversation ${conversationId} keeps changing; try again`);
  };
  return {
    remember(ref) {
      const rk = safeKey(ref.conversationId);
      const fields = {
        partitionKey: PK, rowKey: rk, conversationId: ref.conversationId, channelId: ref.channelId, serviceUrl: ref.serviceUrl,
        ...(ref.tenantId !== undefined ? { tenantId: ref.tenantId } : {}),
        ...(ref.conversationType !== undefined ? { conversationType: ref.conversationType } : {}),
        isChannel: ref.isChannel, updatedAt: ref.updatedAt, ...packJson(ref.reference, 'reference'),
      };
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const e = table.get(PK, rk);
        const written = e
          ? table.replace({ ...fields, subscribed: e.subscribed === true }, e.etag)
          : table.create({ ...fields, subscribed: false });
        if (written) return;
      }
      throw new Error(`conversation ${ref.conversationId} keeps changing; try again`);
    },
    get(conversationId) {
      const e = table.get(PK, safeKey(conversationId));
      return e ? toConv(e) : undefined;
    },
    subscribe(conversationId) {
      setSubscribed(conversationId, true, true);
    },
    unsubscribe(conversationId) {
      return setSubscribed(conversationId, false, false);
    },
    listSubscribed() {
      return table.list(odata`PartitionKey eq ${PK} and subscribed eq true`).map(toConv)
        .sort((a, b) => (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0));
    },
  };
}
