import { xmlSafe } from './runs.js';

/** What Word shows under File › Info, and search tools index. */
export interface DocProperties {
  title: string;
  subject: string;
  /** The author: the institution for one practice, MESICIC for a compilation. */
  creator: string;
  keywords: string;
  description: string;
  /** A language tag (es-ES): Word's document language. */
  language: string;
  /** When the content was made (a submission's date); modified is now. */
  created: string;
}

const escape = (value: string) =>
  xmlSafe(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const NAMESPACES =
  'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/**
 * docProps/core.xml, given to docx's Packer as an override: docx writes no dc:language and names the last editor
 * "Un-named". Dates are W3CDTF, as the schema wants.
 */
export function corePropertiesPart(p: DocProperties, now = new Date()): { path: string; data: string } {
  const created = Number.isNaN(Date.parse(p.created)) ? now.toISOString() : new Date(p.created).toISOString();
  const el = (name: string, value: string) => `<${name}>${escape(value)}</${name}>`;
  const data =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties ${NAMESPACES}>` +
    el('dc:title', p.title) +
    el('dc:subject', p.subject) +
    el('dc:creator', p.creator) +
    el('cp:keywords', p.keywords) +
    el('dc:description', p.description) +
    el('dc:language', p.language) +
    el('cp:lastModifiedBy', 'MESICIC') +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${now.toISOString()}</dcterms:modified>` +
    '</cp:coreProperties>';
  return { path: 'docProps/core.xml', data };
}
