// The store contract against the Azure Table Storage store, on Azurite (one per file, a table prefix per data set).
import { afterAll, beforeAll } from 'vitest';
import { guaranteesContract } from './guarantees.ts';
import { azureHarness } from './harness.ts';
import { planningContract } from './planning.ts';
import { raceContract } from './race.ts';
import { recordsContract } from './records.ts';
import { watchersContract } from './watchers.ts';

const harness = azureHarness();
beforeAll(() => harness.setup());
afterAll(() => harness.teardown());

recordsContract(harness);
guaranteesContract(harness);
watchersContract(harness);
planningContract(harness);
raceContract(harness);
