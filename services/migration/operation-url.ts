// Which URL the watcher may poll for an operation's status, with the ARM token attached: only one
// on the configured ARM endpoint. A loopback emulator URL recorded before a demo restart moves onto
// the current endpoint; real Azure hosts are never rewritten.

/** Origin (`https://host[:port]`) of a URL; undefined when it is not one. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URL to poll for a stored operation URL. The stored URL is what Azure returned; only when it
 * lies on the endpoint recorded at PUT time, that endpoint is a loopback emulator, and the clients
 * now use another endpoint (the demo emulator restarted on a new port) does its path move onto the
 * current endpoint. Real Azure hosts are never rewritten. */
export function rebaseOperationUrl(url: string, recordedEndpoint: string | undefined, currentEndpoint: string | undefined): string {
  const recorded = originOf(recordedEndpoint);
  const current = originOf(currentEndpoint);
  if (!recorded || !current || recorded === current) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.origin !== recorded || !LOOPBACK.has(parsed.hostname)) return url;
  return `${current}${parsed.pathname}${parsed.search}`;
}

/** The operation URL to poll, or why it must not be polled (the ARM token goes only to `endpoint`). */
export type OperationUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** Checks (after the loopback rebase) that the operation URL is an https URL on the configured ARM endpoint. */
export function trustedOperationUrl(stored: string, recordedEndpoint: string | undefined, endpoint: string | undefined): OperationUrlCheck {
  const allowed = originOf(endpoint);
  if (!allowed) return { ok: false, reason: 'the ARM endpoint is not known, so no operation URL can be trusted' };
  const url = rebaseOperationUrl(stored, recordedEndpoint, endpoint);
  const origin = originOf(url);
  if (!origin) return { ok: false, reason: `the operation URL is not a URL: ${stored.slice(0, 200)}` };
  if (!url.startsWith('https://')) return { ok: false, reason: `the operation URL is not https: ${origin}` };
  if (origin !== allowed) return { ok: false, reason: `the operation URL is on ${origin}, not on the ARM endpoint ${allowed}` };
  return { ok: true, url };
}
