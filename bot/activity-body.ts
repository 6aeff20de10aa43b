// Reads the body of POST /api/messages: JSON only, uncompressed, UTF-8, at most `maxBytes`.
// Nothing is written to disk and no stream error escapes: every failure is a status and a reason.
import type { IncomingMessage } from 'node:http';

/** The largest activity accepted (Teams activities are a few KB; messages are capped near 100 KB). */
export const MAX_ACTIVITY_BYTES = 512 * 1024;

/** A parsed JSON body, or the status and reason to answer with. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415; error: string };

/** True for `application/json` with no charset or a UTF-8 one (any case, optional quotes). */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [mediaType, ...params] = header.split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') return false;
  for (const param of params) {
    const [name, rawValue = ''] = param.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const value = rawValue.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (value !== 'utf-8' && value !== 'utf8') return false;
  }
  return true;
}

/** True when the body is sent as is (no Content-Encoding, or `identity`). */
export function isIdentityEncoding(header: string | undefined): boolean {
  return header === undefined || header.trim() === '' || header.trim().toLowerCase() === 'identity';
}

// JSON.parse keeps "__proto__" as an own key; drop it so no later merge can set a prototype.
function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

/** True when a key of the JSON text could be `__proto__`: written as is, or with a `\\u` escape (no
 * other JSON escape yields a letter or `_`). Without either, the reviver has nothing to drop. */
function mayHoldProtoKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('\\u');
}

/** Strict UTF-8 (invalid bytes throw); one instance serves every call (`decode` without `stream` keeps no state). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Parses UTF-8 JSON text; invalid UTF-8, invalid JSON or absurd nesting is a 400. */
export function parseJsonBody(bytes: Buffer): BodyResult {
  if (bytes.length === 0) return { ok: false, status: 400, error: 'the body is empty: send the activity as JSON' };
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { ok: false, status: 400, error: 'the body is not valid UTF-8' };
  }
  try {
    // A reviver takes JSON.parse off its fast path (about twice the time), so only when needed.
    return { ok: true, value: JSON.parse(text, mayHoldProtoKey(text) ? dropProtoKeys : undefined) as unknown };
  } catch {
    return { ok: false, status: 400, error: 'the body is not valid JSON' };
  }
}

/**
 * Reads and parses the request body. Content type, encoding and declared length are checked
 * before a byte is read; an unread or partly read body is left to Node, which discards it.
 */
export function readJsonBody(req: IncomingMessage, maxBytes = MAX_ACTIVITY_BYTES): Promise<BodyResult> {
  const contentType = req.headers['content-type'];
  if (!isJsonContentType(contentType)) {
    return Promise.resolve({ ok: false, status: 415, error: 'expected Content-Type: application/json (UTF-8)' });
  }
  if (!isIdentityEncoding(req.headers['content-encoding'])) {
    return Promise.resolve({ ok: false, status: 415, error: 'Content-Encoding is not supported: send the JSON uncompressed' });
  }
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    return Promise.resolve({ ok: false, status: 413, error: `the body is larger than ${maxBytes} bytes` });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('aborted', onAborted);
      // Keep an error listener: a late socket error must not become an unhandled 'error' event.
      req.resume();
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        finish({ ok: false, status: 413, error: `the body is larger than ${maxBytes} bytes` });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(parseJsonBody(Buffer.concat(chunks)));
    const onAborted = (): void => finish({ ok: false, status: 400, error: 'the request body was cut off' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('aborted', onAborted);
    req.on('error', () => finish({ ok: false, status: 400, error: 'the request body could not be read' }));
  });
}
