import mammoth from 'mammoth';
import type { SourceBlock } from '../../dialogs/core/importing/blocks.js';
import { htmlToBlocks } from './htmlBlocks.js';
import { readZipDirectory } from './zipDirectory.js';
import { inflateEntry } from './zipEntry.js';

/** Word's built-in headings are mapped by mammoth already (by style name, the same in every UI language). */
const STYLE_MAP = [
  "p[style-name='Title'] => h1:fresh",
  "p[style-name='Subtitle'] => h2:fresh",
  "r[style-name='Emphasis'] => em",
];

const OPTIONS = {
  // Never open what the document links to (a picture "linked to file", a path in a relationship).
  externalFileAccess: false,
  // How the document is read is ours to say, not a style map the file carries.
  includeEmbeddedStyleMap: false,
  styleMap: STYLE_MAP,
  // Pictures are not text: an empty src instead of the default base64 copy of every image.
  convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
};

/**
 * A checked .docx (sniff and checkZip passed) as blocks. Each entry is first inflated against its declared size,
 * since mammoth's unzipping would trust whatever the data inflates to; then mammoth reads it to HTML. CPU- and
 * memory-heavy on a big document: run it in the worker (readJob.ts), never on the bot's thread.
 */
export async function docxToBlocks(bytes: Uint8Array): Promise<SourceBlock[]> {
  for (const entry of readZipDirectory(bytes)) inflateEntry(bytes, entry);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { value: html } = await mammoth.convertToHtml({ buffer }, OPTIONS);
  return htmlToBlocks(html);
}
