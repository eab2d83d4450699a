import JSZip from 'jszip';

/**
 * A strict check that bytes are a well-formed XML 1.0 document, as Word's parser requires (no XML parser is a
 * dependency of this project, and the lenient regexes of docxText.ts would read a broken file happily): UTF-8
 * that decodes without a replacement, only characters XML allows (also through &#…; references), one root
 * element, tags that nest and close, quoted and unique attributes, only the five predefined entities (there is
 * no DTD), comments, CDATA and processing instructions by the book, and every namespace prefix declared.
 * Throws an Error saying what and where; returns the number of elements.
 */
export function checkXml(bytes: Uint8Array): number {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Error('not valid UTF-8');
  }
  return new Checker(text).document();
}

/** Every XML part of a .docx (the document, styles, numbering, relationships, properties), by name. */
export async function xmlParts(docx: Buffer): Promise<Map<string, Uint8Array>> {
  const zip = await JSZip.loadAsync(docx);
  const out = new Map<string, Uint8Array>();
  for (const [name, file] of Object.entries(zip.files))
    if (!file.dir && /\.(xml|rels)$/.test(name)) out.set(name, await file.async('uint8array'));
  return out;
}

const isChar = (c: number) =>
  c === 0x9 ||
  c === 0xa ||
  c === 0xd ||
  (c >= 0x20 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);
const NAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_REST = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
/** A namespace-aware name: an optional prefix, a local part, no other colon. */
// eslint-disable-next-line no-misleading-character-class -- XML's NameChar lists combining marks (U+0300-036F) as code points on purpose
const QNAME = new RegExp(`[${NAME_START}][${NAME_REST}]*(?::[${NAME_START}][${NAME_REST}]*)?`, 'uy');
// eslint-disable-next-line no-misleading-character-class -- the same XML name ranges as QNAME
const PI_TARGET = new RegExp(`[:${NAME_START}][:${NAME_REST}]*`, 'uy');
const PREDEFINED = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

class Checker {
  private i = 0;
  private elements = 0;

  constructor(private readonly s: string) {}

  private fail(what: string): never {
    const line = this.s.slice(0, this.i).split('\n').length;
    throw new Error(`${what} at offset ${this.i} (line ${line}): ${JSON.stringify(this.s.slice(this.i, this.i + 40))}`);
  }

  private at(literal: string): boolean {
    return this.s.startsWith(literal, this.i);
  }

  private expect(literal: string): void {
    if (!this.at(literal)) this.fail(`expected ${JSON.stringify(literal)}`);
    this.i += literal.length;
  }

  private space(required = false): boolean {
    const start = this.i;
    while (/[ \t\r\n]/.test(this.s[this.i] ?? '')) this.i++;
    if (required && this.i === start) this.fail('expected white space');
    return this.i > start;
  }

  private name(pattern = QNAME): string {
    pattern.lastIndex = this.i;
    const m = pattern.exec(this.s);
    if (!m) this.fail('expected a name');
    this.i += m[0].length;
    return m[0];
  }

  document(): number {
    for (const ch of this.s) {
      const code = ch.codePointAt(0)!;
      if (!isChar(code))
        this.fail(`character U+${code.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`);
      this.i += ch.length;
    }
    this.i = 0;
    if (this.at('\uFEFF')) this.i++;
    if (this.at('<?xml') && /[ \t\r\n]/.test(this.s[this.i + 5] ?? '')) this.xmlDecl();
    this.misc();
    if (this.at('<!DOCTYPE')) this.fail('a DOCTYPE (not expected in Office XML)');
    if (!this.at('<')) this.fail('expected the root element');
    this.element(new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
    this.misc();
    if (this.i !== this.s.length) this.fail('content after the root element');
    return this.elements;
  }

  private xmlDecl(): void {
    const decl =
      /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*\?>/.exec(
        this.s.slice(this.i),
      );
    if (!decl) this.fail('malformed XML declaration');
    this.i += decl[0].length;
  }

  private misc(): void {
    for (;;) {
      this.space();
      if (this.at('<!--')) this.comment();
      else if (this.at('<?')) this.pi();
      else return;
    }
  }

  private comment(): void {
    this.expect('<!--');
    const end = this.s.indexOf('--', this.i);
    if (end < 0) this.fail('unclosed comment');
    this.i = end;
    this.expect('-->');
  }

  private pi(): void {
    this.expect('<?');
    const target = this.name(PI_TARGET);
    if (target.toLowerCase() === 'xml') this.fail('an XML declaration that is not at the start');
    const end = this.s.indexOf('?>', this.i);
    if (end < 0) this.fail('unclosed processing instruction');
    if (end > this.i) this.space(true);
    this.i = end + 2;
  }

  private reference(): void {
    const m = /^&(?:#([0-9]+)|#x([0-9a-fA-F]+)|([^;&<\s]+));/.exec(this.s.slice(this.i, this.i + 40));
    if (!m) this.fail('an & that starts no reference');
    if (m[3] !== undefined) {
      if (!PREDEFINED.has(m[3])) this.fail(`undeclared entity &${m[3]};`);
    } else {
      const code = m[1] !== undefined ? Number.parseInt(m[1], 10) : Number.parseInt(m[2]!, 16);
      if (!isChar(code)) this.fail(`character reference to U+${code.toString(16).toUpperCase()}, not allowed in XML`);
    }
    this.i += m[0].length;
  }

  private attributeValue(): void {
    const quote = this.s[this.i];
    if (quote !== '"' && quote !== "'") this.fail('an attribute value without quotes');
    this.i++;
    for (;;) {
      const ch = this.s[this.i];
      if (ch === undefined) this.fail('unclosed attribute value');
      if (ch === quote) break;
      if (ch === '<') this.fail('< in an attribute value');
      if (ch === '&') this.reference();
      else this.i++;
    }
    this.i++;
  }

  /** One element and its content; `scope` maps the prefixes declared around it to their namespaces. */
  private element(outer: Map<string, string>): void {
    this.expect('<');
    const tag = this.name();
    this.elements++;
    const attributes: string[] = [];
    const scope = new Map(outer);
    for (;;) {
      const spaced = this.space();
      if (this.at('/>') || this.at('>')) break;
      if (!spaced) this.fail('expected white space before an attribute');
      const attr = this.name();
      if (attributes.includes(attr)) this.fail(`attribute ${attr} twice`);
      attributes.push(attr);
      this.space();
      this.expect('=');
      this.space();
      const start = this.i + 1;
      this.attributeValue();
      if (attr.startsWith('xmlns:')) scope.set(attr.slice(6), this.s.slice(start, this.i - 1));
    }
    const bound = (qname: string) => {
      const prefix = qname.includes(':') ? qname.slice(0, qname.indexOf(':')) : undefined;
      if (prefix && prefix !== 'xmlns' && !scope.has(prefix)) this.fail(`namespace prefix ${prefix} is not declared`);
    };
    bound(tag);
    attributes.forEach(bound);
    if (this.at('/>')) {
      this.i += 2;
      return;
    }
    this.expect('>');
    for (;;) {
      const lt = this.s.indexOf('<', this.i);
      const stop = lt < 0 ? this.s.length : lt;
      // Character data: references only, and no "]]>".
      while (this.i < stop) {
        const amp = this.s.indexOf('&', this.i);
        const chunkEnd = amp < 0 || amp > stop ? stop : amp;
        if (this.s.slice(this.i, chunkEnd).includes(']]>')) this.fail(']]> in text');
        this.i = chunkEnd;
        if (this.i < stop) this.reference();
      }
      if (lt < 0) this.fail(`element ${tag} is not closed`);
      if (this.at('</')) {
        this.i += 2;
        const closing = this.name();
        if (closing !== tag) this.fail(`</${closing}> closes <${tag}>`);
        this.space();
        this.expect('>');
        return;
      }
      if (this.at('<!--')) this.comment();
      else if (this.at('<![CDATA[')) {
        const end = this.s.indexOf(']]>', this.i);
        if (end < 0) this.fail('unclosed CDATA section');
        this.i = end + 3;
      } else if (this.at('<?')) this.pi();
      else this.element(scope);
    }
  }
}
