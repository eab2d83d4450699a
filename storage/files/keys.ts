/** Where attachments live, in the data folder and in the blob container alike: beside the documents, never among them. */
export const ATTACHMENTS_DIR = 'attachments';

/*
 * One key segment to one safe name. encodeURIComponent leaves no '/' or '\'; '.' is encoded too, so no name can
 * be "." or "..", none ends in ".json" (no document listing meets it) and none ends in ".bin" (a file's name never
 * equals a folder's, so "a/b" and "a/b/c" can both exist). An empty segment is "%", which nothing else encodes to.
 */
const encode = (segment: string) =>
  segment === ''
    ? '%'
    : encodeURIComponent(segment).replace(/[!'()*~.]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** "msteams-29:abc/d1/f.pdf" -> ["attachments", "msteams-29%3Aabc", "d1", "f%2Epdf.bin"]: different keys, different paths. */
export function attachmentPath(key: string): string[] {
  const segments = key.split('/').map(encode);
  const name = segments.pop()!; // split() gives at least one segment
  return [ATTACHMENTS_DIR, ...segments, `${name}.bin`];
}
