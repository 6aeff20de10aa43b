// Shapes shared by the ARM handlers: the request as routed, the response to write, the context.
import type { Json } from './json.ts';
import type { Params } from './router.ts';
import type { EmulatorState } from './state.ts';
import type { Throttle } from './throttle.ts';

/** One HTTP request as the router sees it. */
export interface ArmRequest {
  method: string;
  /** Path without query, URL-decoded segments kept as sent. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A response to write. */
export interface ArmResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What the ARM handlers need from the server. */
export interface ArmContext {
  state: EmulatorState;
  throttle: Throttle;
  baseUrl: () => string;
  /** Base URL of the black-hole listener that stands for private API server endpoints. */
  unreachableUrl: () => string;
  caPem: () => string;
  pageSize: number;
  speed: number;
  /** The emulator clock (ms since the epoch). */
  now: () => number;
  /** How long (emulated, already divided by speed) a finished operation or command result stays readable, in ms. */
  retentionMs: number;
}

/** A route handler. */
export type ArmHandler = (req: ArmRequest, ctx: ArmContext, p: Params) => ArmResponse;

/** ARM error body. */
export function armError(status: number, code: string, message: string, headers?: Record<string, string>): ArmResponse {
  return { status, headers, body: { error: { code, message } } };
}

/** First value of a request header. */
export function header(req: ArmRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** True for a plain JSON object. */
export function isObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** 404 for a resource ARM does not know. */
export function notFound(kind: string, name: string, rg?: string): ArmResponse {
  return armError(404, 'ResourceNotFound', `The Resource '${kind}/${name}' under resource group '${rg ?? ''}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`);
}

/** Seconds a client should wait before polling again (scaled by speed, 1..30). */
export function retryAfter(ctx: ArmContext): number {
  return Math.max(1, Math.min(30, Math.ceil(30 / ctx.speed)));
}
