// Which URL the watcher may poll for an operation's status, with the ARM token attached: only an
// https URL on the configured ARM endpoint. URLs are never rewritten: when the demo emulator comes
// back on another port (its saved port was taken), the stored URL is simply not on the endpoint any
// more and the watcher reads the cluster instead.

/** Origin (`https://host[:port]`) of a URL; undefined when it is not one. */
export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** The operation URL to poll, or why it must not be polled (the ARM token goes only to `endpoint`). */
export type OperationUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** Checks that an operation URL is an https URL on the configured ARM endpoint. */
export function trustedOperationUrl(url: string, endpoint: string | undefined): OperationUrlCheck {
  const allowed = originOf(endpoint);
  if (!allowed) return { ok: false, reason: 'the ARM endpoint is not known, so no operation URL can be trusted' };
  const origin = originOf(url);
  if (!origin) return { ok: false, reason: `the operation URL is not a URL: ${url.slice(0, 200)}` };
  if (!url.startsWith('https://')) return { ok: false, reason: `the operation URL is not https: ${origin}` };
  if (origin !== allowed) return { ok: false, reason: `the operation URL is on ${origin}, not on the ARM endpoint ${allowed}` };
  return { ok: true, url };
}
