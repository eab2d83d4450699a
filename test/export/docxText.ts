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
