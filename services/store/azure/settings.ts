// Per-user settings on Azure Tables: partition = user, row = setting name.
import type { UserSettingsStore } from '../types.ts';
import { safeKey, type SubStoreContext } from './table.ts';

export function azureSettingsStore({ table }: SubStoreContext): UserSettingsStore {
  return {
    get(userKey, name) {
      return table.get(safeKey(userKey), name)?.value as string | undefined;
    },
    set(userKey, name, value) {
      table.upsert({ partitionKey: safeKey(userKey), rowKey: name, value, updatedAt: new Date().toISOString() });
    },
    clear(userKey, name) {
      return table.delete(safeKey(userKey), name);
    },
  };
}
