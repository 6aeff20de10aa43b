// The store's public face: interfaces plus `openStore` (embedded SQLite).
export type * from './types.ts';
export { openStore, migrate, DATABASE_FILE } from './sqlite-store.ts';
export { MIGRATIONS, type Migration } from './migrations.ts';
