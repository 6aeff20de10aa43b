// The store contract against the Azure Table Storage store, on Azurite (one per file, a table prefix per data set).
import { guaranteesContract } from './guarantees.ts';
import { azureHarness } from './harness.ts';
import { recordsContract } from './records.ts';

recordsContract(azureHarness());
guaranteesContract(azureHarness());
