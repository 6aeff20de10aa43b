// The emulator's untyped JSON object (ARM and Kubernetes wire bodies, fleet entries).
export type Json = Record<string, unknown>;
