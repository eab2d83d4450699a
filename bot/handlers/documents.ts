import type { Logger } from 'pino';
import type { IncomingDocument } from '../../dialogs/core/engine.js';
import type { SourceBlock } from '../../dialogs/core/importing/blocks.js';
import type { IncomingFile } from '../../dialogs/teams/attachments.js';
import { download } from '../import/download.js';
import { DocumentRefused } from '../import/refused.js';
// Static: mammoth itself loads only in the reading worker; a dynamic import here gave tsx a second DocumentRefused.
import { readDocument } from '../import/readDocx.js';

/** Teams' download URLs are short-lived: fetched at once, with a cap, and read within Teams' 15 s for the turn. */
const DOWNLOAD = { maxBytes: 10 * 1024 * 1024, timeoutMs: 8_000 };

export interface DocumentReader {
  /** Only https in production; plain http too where the bot runs without credentials (tests, the Playground). */
  allowHttp: boolean;
  logger?: Logger;
  /** Reads untrusted bytes into paragraphs (bot/import/readDocx.ts unless told). */
  read?: (bytes: Uint8Array) => Promise<SourceBlock[]>;
  fetchImpl?: typeof fetch;
}

const shortName = (name: string) => (name.length > 100 ? `${name.slice(0, 99)}…` : name) || 'documento.docx';

/** A file an official sent, read for the engine, or the reason it was refused. Never throws for a bad file. */
export async function readIncoming(file: IncomingFile, deps: DocumentReader): Promise<IncomingDocument> {
  const name = shortName(file.name);
  if (!file.downloadUrl) return { name, refused: 'noDownload' };
  const scheme = URL.canParse(file.downloadUrl) ? new URL(file.downloadUrl).protocol : '';
  if (scheme !== 'https:' && !(deps.allowHttp && scheme === 'http:')) return { name, refused: 'noDownload' };
  try {
    const bytes = await download(file.downloadUrl, {
      ...DOWNLOAD,
      ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
    });
    const read = deps.read ?? readDocument;
    return { name, blocks: await read(bytes) };
  } catch (err) {
    if (err instanceof DocumentRefused) {
      // The detail (sizes, status) is for the logs; the URL and the content never are.
      deps.logger?.info({ reason: err.reason, detail: err.detail }, 'document refused');
      return { name, refused: err.reason, params: { maxMb: DOWNLOAD.maxBytes / 1024 / 1024 } };
    }
    deps.logger?.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'document unreadable');
    return { name, refused: 'unreadable' };
  }
}
