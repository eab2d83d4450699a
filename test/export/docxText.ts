import JSZip from 'jszip';

export interface Para {
  style: string;
  text: string;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

export async function documentXml(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('no word/document.xml in the docx');
  return file.async('string');
}

/** Each paragraph of word/document.xml: its style and its text (line breaks as "\n", entities undone). */
export function paragraphs(xml: string): Para[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) => {
    let text = '';
    for (const m of p.matchAll(/<w:br\/>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g))
      text += m[0] === '<w:br/>' ? '\n' : unescape(m[1] ?? '');
    return { style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? '', text };
  });
}

/** Every XML part of a .docx by its path (word/styles.xml, word/footer1.xml, docProps/core.xml, …). */
export async function xmlOf(docx: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(docx);
  const out = new Map<string, string>();
  for (const [name, file] of Object.entries(zip.files))
    if (!file.dir && /\.(xml|rels)$/.test(name)) out.set(name, await file.async('string'));
  return out;
}

/** The parts whose path matches (every footer, every header). */
export const partsNamed = (parts: Map<string, string>, pattern: RegExp): string[] =>
  [...parts].filter(([name]) => pattern.test(name)).map(([, xml]) => xml);

/** One paragraph's XML with its style, text and what its properties say about pages. */
export interface RawPara extends Para {
  xml: string;
  pageBreakBefore: boolean;
}

export function rawParagraphs(xml: string): RawPara[] {
  const texts = paragraphs(xml);
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p], i) => ({
    ...texts[i]!,
    xml: p,
    pageBreakBefore: /<w:pageBreakBefore(?: w:val="(?:true|1|on)")?\/>/.test(p),
  }));
}

/** A style's definition in word/styles.xml, by its id. */
export function styleXml(styles: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles);
  if (!m) throw new Error(`no style ${id} in styles.xml`);
  return m[0];
}

/** The external targets of a part's relationships, by relationship id. */
export function relationshipTargets(rels: string): Map<string, string> {
  return new Map(
    [...rels.matchAll(/<Relationship [^>]*>/g)].flatMap(([r]) => {
      const id = /Id="([^"]+)"/.exec(r)?.[1];
      const target = /Target="([^"]+)"/.exec(r)?.[1];
      return id && target && /TargetMode="External"/.test(r) ? [[id, unescape(target)] as const] : [];
    }),
  );
}

/** Each w:hyperlink to an external target: its text and where it goes. */
export function externalLinks(documentXml: string, rels: string): { text: string; target: string }[] {
  const targets = relationshipTargets(rels);
  return [...documentXml.matchAll(/<w:hyperlink [^>]*r:id="([^"]+)"[^>]*>([\s\S]*?)<\/w:hyperlink>/g)].map(
    ([, id, inner]) => ({
      text: [...inner!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1] ?? '')).join(''),
      target: targets.get(id!) ?? '',
    }),
  );
}
