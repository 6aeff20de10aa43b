// The store contract against the embedded SQLite store (a temporary directory per data set).
import { guaranteesContract } from './guarantees.ts';
import { sqliteHarness } from './harness.ts';
import { recordsContract } from './records.ts';

recordsContract(sqliteHarness());
guaranteesContract(sqliteHarness());
