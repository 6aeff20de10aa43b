// The store contract against the embedded SQLite store (a temporary directory per data set).
import { afterAll, beforeAll } from 'vitest';
import { guaranteesContract } from './guarantees.ts';
import { sqliteHarness } from './harness.ts';
import { planningContract } from './planning.ts';
import { raceContract } from './race.ts';
import { recordsContract } from './records.ts';
import { watchersContract } from './watchers.ts';

const harness = sqliteHarness();
beforeAll(() => harness.setup());
afterAll(() => harness.teardown());

recordsContract(harness);
guaranteesContract(harness);
watchersContract(harness);
planningContract(harness);
raceContract(harness);
