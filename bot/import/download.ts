import { DocumentRefused } from './refused.js';

export interface DownloadOptions {
  /** The most bytes accepted; one more and the download is cut off. */
  maxBytes?: number;
  /** For the whole download, headers and body. */
  timeoutMs?: number;
  /** A stand-in for tests. */
  fetchImpl?: typeof fetch;
  /** Where the download may go, checked for the address and for every redirect before it is followed. */
  allowUrl?: (url: URL) => boolean;
}

/** Redirects followed at most: a download link is direct, or one hop to the file's own host. */
const MAX_REDIRECTS = 3;

/** A filled-in template is a few hundred KB; 10 MB leaves room for pictures without letting anyone fill the memory. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The bytes behind Teams' `content.downloadUrl` (pre-authorised and short-lived: a plain GET, no token). The body
 * is counted as it streams and the connection dropped at the cap, because Content-Length may be absent or wrong
 * (and fetch inflates a gzip body, so the count is of what we would hold). Refuses with `tooLarge` or
 * `downloadFailed`. Which hosts may be fetched is the caller's to check: this only refuses non-HTTP schemes.
 */
export async function download(url: string, opts: DownloadOptions = {}): Promise<Uint8Array> {
  const { maxBytes = DEFAULT_MAX_BYTES, timeoutMs = DEFAULT_TIMEOUT_MS, fetchImpl = fetch } = opts;
  const protocol = URL.canParse(url) ? new URL(url).protocol : '';
  // fetch also reads data: and blob: URLs; a download link is neither.
  if (protocol !== 'https:' && protocol !== 'http:') throw new DocumentRefused('downloadFailed', { cause: 'scheme' });

  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, timeoutMs);
  try {
    // Redirects followed by hand, so each address is checked before anything is asked of it.
    let target = new URL(url);
    let response: Response;
    for (let hop = 0; ; hop++) {
      if (opts.allowUrl && !opts.allowUrl(target)) throw new DocumentRefused('downloadFailed', { cause: 'host' });
      response = await fetchImpl(target, { signal: abort.signal, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) break;
      if (hop >= MAX_REDIRECTS) throw new DocumentRefused('downloadFailed', { cause: 'redirects' });
      await response.body?.cancel();
      target = new URL(location, target);
      if (target.protocol !== 'https:' && target.protocol !== 'http:')
        throw new DocumentRefused('downloadFailed', { cause: 'scheme' });
    }
    if (!response.ok) throw new DocumentRefused('downloadFailed', { status: response.status });
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) throw new DocumentRefused('tooLarge', { declared, maxBytes });
    return await readCapped(response, maxBytes);
  } catch (err) {
    if (err instanceof DocumentRefused) throw err;
    throw new DocumentRefused('downloadFailed', { cause: timedOut ? 'timeout' : 'network' });
  } finally {
    clearTimeout(timer);
    // Drops the connection if the body was not read to its end (too large, or an error half-way).
    abort.abort();
  }
}

/** The body, refused as soon as it passes `maxBytes`. */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) throw new DocumentRefused('tooLarge', { maxBytes });
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
