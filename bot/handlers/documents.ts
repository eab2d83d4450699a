import type { Logger } from 'pino';
import type { IncomingDocument, Kept } from '../../dialogs/core/engine.js';
import type { Attachments } from '../../dialogs/core/ports.js';
import { attachmentType } from '../import/attachmentType.js';
import type { SourceBlock } from '../../dialogs/core/importing/blocks.js';
import type { IncomingFile } from '../../dialogs/teams/attachments.js';
import { download } from '../import/download.js';
import { DocumentRefused } from '../import/refused.js';
// Static: mammoth itself loads only in the reading worker; a dynamic import here gave tsx a second DocumentRefused.
import { readDocument } from '../import/readDocx.js';

/** Teams' download URLs are short-lived: fetched at once, with a cap, and read within Teams' 15 s for the turn. */
const DOWNLOAD = { maxBytes: 10 * 1024 * 1024, timeoutMs: 8_000 };
/** Annexes (a scanned report, a spreadsheet) run larger than the filled format. */
const ATTACHMENT = { maxBytes: 20 * 1024 * 1024, timeoutMs: 10_000 };

export interface DocumentReader {
  /** Without credentials (tests, the Playground): any http(s) address; in production SharePoint's, over https. */
  allowHttp: boolean;
  logger?: Logger;
  /** Where attachments' bytes go (field 11). */
  attachments?: Attachments;
  /** Reads untrusted bytes into paragraphs (bot/import/readDocx.ts unless told). */
  read?: (bytes: Uint8Array) => Promise<SourceBlock[]>;
  fetchImpl?: typeof fetch;
}

export const shortName = (name: string) => (name.length > 100 ? `${name.slice(0, 99)}…` : name) || 'documento';

/**
 * Teams hands files over from SharePoint (OneDrive for Business). In production only those hosts, over https,
 * are fetched, redirects included: a forged activity cannot make the bot read an internal address. Without
 * credentials (tests, the Playground) any http(s) address is taken.
 */
const FILE_HOSTS = ['.sharepoint.com', '.sharepoint.us', '.sharepoint-mil.us', '.sharepoint.de', '.sharepoint.cn'];
const allowed = (deps: DocumentReader) => (url: URL) =>
  deps.allowHttp
    ? url.protocol === 'https:' || url.protocol === 'http:'
    : url.protocol === 'https:' && FILE_HOSTS.some((h) => url.hostname.endsWith(h));

/** Refused before any download began: nothing about sizes to say. */
const unfetched = (err: DocumentRefused) => err.reason === 'noDownload' || err.reason === 'inlineImage';

/** The file's bytes, within `limits`, from an address it may be fetched from; else a DocumentRefused. */
async function fetchFile(
  file: IncomingFile,
  limits: { maxBytes: number; timeoutMs: number },
  deps: DocumentReader,
): Promise<Uint8Array> {
  if (file.inline) throw new DocumentRefused('inlineImage');
  const url = file.downloadUrl;
  if (!url || !URL.canParse(url) || !allowed(deps)(new URL(url))) throw new DocumentRefused('noDownload');
  return download(url, {
    ...limits,
    allowUrl: allowed(deps),
    ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
  });
}

/** A file an official sent, read for the engine, or the reason it was refused. Never throws for a bad file. */
export async function readIncoming(file: IncomingFile, deps: DocumentReader): Promise<IncomingDocument> {
  const name = shortName(file.name);
  try {
    const bytes = await fetchFile(file, DOWNLOAD, deps);
    const read = deps.read ?? readDocument;
    return { name, blocks: await read(bytes) };
  } catch (err) {
    if (err instanceof DocumentRefused) {
      // The detail (sizes, status) is for the logs; the URL and the content never are.
      deps.logger?.info({ reason: err.reason, detail: err.detail }, 'document refused');
      return unfetched(err)
        ? { name, refused: err.reason }
        : { name, refused: err.reason, params: { maxMb: DOWNLOAD.maxBytes / 1024 / 1024 } };
    }
    deps.logger?.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'document unreadable');
    return { name, refused: 'unreadable' };
  }
}

/**
 * A file sent at field 11, kept with the practice: downloaded under its cap, its kind checked by its bytes, and
 * stored durably before the draft says it has it. Never throws for a bad file; a storage failure does throw
 * (the official is told the answer was not saved).
 */
export async function keepAttachment(file: IncomingFile, key: string, deps: DocumentReader): Promise<Kept> {
  if (!deps.attachments) return { ok: false, refused: 'unavailable' };
  let bytes: Uint8Array;
  let type: string;
  try {
    bytes = await fetchFile(file, ATTACHMENT, deps);
    type = attachmentType(bytes);
  } catch (err) {
    if (!(err instanceof DocumentRefused)) throw err;
    deps.logger?.info({ reason: err.reason, detail: err.detail }, 'attachment refused');
    return unfetched(err)
      ? { ok: false, refused: err.reason }
      : { ok: false, refused: err.reason, params: { maxMb: ATTACHMENT.maxBytes / 1024 / 1024 } };
  }
  await deps.attachments.put(key, bytes);
  return { ok: true, type, size: bytes.length };
}
