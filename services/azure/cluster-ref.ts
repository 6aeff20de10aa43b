// Shapes shared by the cluster directory and the snapshot collector (kept apart so neither imports the other).

/** The logging the readers need; a pino logger satisfies it. */
export interface LogSink {
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** One managed cluster, named exactly. */
export interface ClusterRef { subscriptionId: string; resourceGroup: string; name: string; id: string }
