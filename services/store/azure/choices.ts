// ChoiceTokenStore on Azure Table Storage (NETPILOT_STORE=azure): one entity per token in the
// `netpilotChoices` table (coordination.ts; one partition: tokens are random GUIDs).
// A duplicate token is a 409 from createEntity; expired entities are ignored on read and deleted then.
import type { TableClient } from '@azure/data-tables';
import type { ChoiceTokenStore } from '../choice-store.ts';
import { describeFailure } from '../../retry/failure.ts';

const PARTITION = 'choice';
const statusOf = (err: unknown): number | undefined => describeFailure(err).status;

interface ChoiceEntity {
  partitionKey: string;
  rowKey: string;
  conversationId: string;
  payload: string;
  createdAt: string;
  expiresAt: string;
}

/** A ChoiceTokenStore over `table` (created when missing). */
export function azureChoiceStore(table: TableClient): ChoiceTokenStore {
  let ready: Promise<void> | undefined;
  const ensure = (): Promise<void> => {
    ready ??= table.createTable().catch((err: unknown) => {
      ready = undefined;
      throw err;
    });
    return ready;
  };
  return {
    async put(choice) {
      await ensure();
      await table.createEntity<ChoiceEntity>({ partitionKey: PARTITION, rowKey: choice.token, conversationId: choice.conversationId,
        payload: JSON.stringify(choice.payload), createdAt: choice.createdAt, expiresAt: choice.expiresAt });
    },
    async get(token, now) {
      await ensure();
      let e: ChoiceEntity;
      try {
        e = await table.getEntity<ChoiceEntity>(PARTITION, token);
      } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw err;
      }
      if (Date.parse(e.expiresAt) <= now.getTime()) {
        await table.deleteEntity(PARTITION, token).catch(() => undefined); // best effort: expired either way
        return undefined;
      }
      return { token, conversationId: e.conversationId, payload: JSON.parse(e.payload) as Record<string, unknown>,
        createdAt: e.createdAt, expiresAt: e.expiresAt };
    },
  };
}
