import {
  ExternalHyperlink,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import { Lexer, type MarkedToken, type Token, type Tokens } from 'marked';
import { STYLE } from './docStyles.js';
import { run, xmlSafe, type RunFormat } from './runs.js';

/**
 * An official's answer as Word paragraphs. Officials paste the light markdown of Teams and of the template's
 * conversions (`**artículo III**`, `*software*`, "- " and "1. " lists, `<https://…>`, `\$9,630.00`); marked
 * (GitHub's dialect, a single newline kept as a line break) reads it, and this draws what it found: emphasis as
 * emphasis, lists as indented lists, links and bare addresses and e-mails as live links. Nothing the official
 * wrote is dropped: what is not markup (a link reference, an HTML-looking "<nombre>", a code block) is kept as
 * text.
 */

/** What a Word body is made of. */
export type Block = Paragraph | Table;

export interface TextOptions {
  /** Runs that open the first paragraph (a part's name). */
  opening?: readonly ParagraphChild[];
  /** The tag of the language the official wrote in, so Word checks their spelling in it. */
  language?: string;
}

/**
 * A link Word may open: the web and e-mail only (javascript:, file: stay text), as a well-formed URI (quotes,
 * spaces and brackets percent-encoded: Word reports a relationship with a malformed target as damage).
 */
function safeLink(href: string): string | undefined {
  try {
    const url = new URL(xmlSafe(href));
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}
const LIST_INDENT = 360;

interface Context {
  format: RunFormat;
  style?: string;
  level: number;
}

function inline(tokens: readonly Token[], ctx: Context, language?: string): ParagraphChild[] {
  const lang = language ? { language: { value: language } } : {};
  const text = (value: string, format: RunFormat = ctx.format) => run(value, { ...lang, ...format });
  return tokens.flatMap((token): ParagraphChild[] => {
    // The lexer, without extensions, emits only marked's own tokens.
    const t = token as MarkedToken;
    switch (t.type) {
      case 'strong':
        return inline(t.tokens, { ...ctx, format: { ...ctx.format, bold: true } }, language);
      case 'em':
        return inline(t.tokens, { ...ctx, format: { ...ctx.format, italics: true } }, language);
      case 'del':
        return inline(t.tokens, { ...ctx, format: { ...ctx.format, strike: true } }, language);
      case 'br':
        return [text('', { ...ctx.format, break: 1 })];
      case 'link': {
        const words = inline(t.tokens, { ...ctx, format: { ...ctx.format, style: 'Hyperlink' } }, language);
        const link = safeLink(t.href);
        return link ? [new ExternalHyperlink({ link, children: words })] : [text(t.raw)];
      }
      case 'image':
        return [text(t.text || t.href)];
      case 'html':
        return /^<br\s*\/?>$/i.test(t.text) ? [text('', { ...ctx.format, break: 1 })] : [text(t.text)];
      case 'text':
        return t.tokens ? inline(t.tokens, ctx, language) : [text(t.text)];
      case 'escape':
      case 'codespan':
        return [text(t.text)];
      default:
        return [text(t.raw)];
    }
  });
}

function paragraph(children: ParagraphChild[], ctx: Context, extra: { keepNext?: boolean } = {}): Paragraph {
  return new Paragraph({
    children,
    ...(ctx.style ? { style: ctx.style } : {}),
    ...(ctx.level > 0 ? { indent: { left: LIST_INDENT * ctx.level } } : {}),
    ...extra,
  });
}

/** Plain lines as paragraphs, each newline a line break: for what is kept as written. */
const plain = (value: string, ctx: Context, language?: string) =>
  paragraph(
    value
      .replace(/\n+$/, '')
      .split('\n')
      .map((line, i) => run(line, { ...(language ? { language: { value: language } } : {}), break: i ? 1 : 0 })),
    ctx,
  );

/**
 * "- " items are Word's own bullets (a real list, which Word edits as one); "1. " items keep the official's
 * numbers as text ("3." stays 3), hanging in the indent with a tab after them.
 */
function listItems(list: Tokens.List, ctx: Context, language?: string): Block[] {
  const start = typeof list.start === 'number' ? list.start : 1;
  return list.items.flatMap((item, i) => {
    const nested: Context = { format: ctx.format, level: ctx.level + 1 };
    const blocks = blocksOf(item.tokens, nested, language);
    const first = item.tokens.find((t) => t.type !== 'space');
    const lead = first && (first.type === 'text' || first.type === 'paragraph');
    const text = lead ? inline((first as Tokens.Paragraph).tokens, ctx, language) : [];
    // The last item of a list keeps a paragraph's space after it.
    const last = i === list.items.length - 1 && ctx.level === 0;
    const head = new Paragraph({
      ...(last ? { spacing: { after: 160 } } : {}),
      ...(list.ordered
        ? {
            style: STYLE.listItem,
            indent: { left: LIST_INDENT * (ctx.level + 1), hanging: LIST_INDENT },
            children: [new TextRun({ children: [`${start + i}.`, new Tab()] }), ...text],
          }
        : { bullet: { level: Math.min(ctx.level, 8) }, children: text }),
    });
    return [head, ...(lead ? blocks.slice(1) : blocks)];
  });
}

function table(t: Tokens.Table, ctx: Context, language?: string): Table {
  const row = (cells: Tokens.TableCell[], header: boolean) =>
    new TableRow({
      tableHeader: header,
      children: cells.map(
        (cell) =>
          new TableCell({
            children: [
              new Paragraph({
                children: inline(
                  cell.tokens,
                  { ...ctx, format: { ...ctx.format, bold: header || undefined } },
                  language,
                ),
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [row(t.header, true), ...t.rows.map((r) => row(r, false))],
  });
}

function blocksOf(tokens: readonly Token[], ctx: Context, language?: string): Block[] {
  return tokens.flatMap((token): Block[] => {
    const t = token as MarkedToken;
    switch (t.type) {
      case 'space':
        return [];
      case 'paragraph':
        return [paragraph(inline(t.tokens, ctx, language), ctx)];
      case 'text':
        return [paragraph(inline(t.tokens ?? [t], { ...ctx }, language), ctx)];
      case 'heading':
        return [
          paragraph(inline(t.tokens, { ...ctx, format: { ...ctx.format, bold: true } }, language), ctx, {
            keepNext: true,
          }),
        ];
      case 'list':
        return listItems(t, ctx, language);
      case 'blockquote':
        return blocksOf(t.tokens, { ...ctx, style: STYLE.quote }, language);
      case 'table':
        return [table(t, ctx, language)];
      case 'hr':
        return [];
      case 'code':
        return [plain(t.text, ctx, language)];
      default:
        // A link reference definition, block HTML: kept as typed.
        return [plain(t.raw, ctx, language)];
    }
  });
}

/**
 * `text` as Word blocks. Word's pasted line breaks (\v, \f, U+2028) and paragraph mark (U+2029) become newlines
 * first, as marked reads them. `opening` (a part's name) opens the first paragraph, or stands above a list or table.
 */
export function markdownBlocks(text: string, options: TextOptions = {}): Block[] {
  const source = text.replace(/\r\n?|[\v\f\u2028]/g, '\n').replace(/\u2029/g, '\n\n');
  const tokens = new Lexer({ gfm: true, breaks: true }).lex(source).filter((t) => t.type !== 'space');
  const ctx: Context = { format: {}, level: 0 };
  const language = options.language;
  const opening = options.opening ?? [];
  const [first] = tokens as MarkedToken[];
  if (!first) return [new Paragraph({ children: [...opening] })];
  if (opening.length === 0) return blocksOf(tokens, ctx, language);
  if (first.type === 'paragraph' || first.type === 'text' || first.type === 'heading') {
    const format = first.type === 'heading' ? { bold: true } : {};
    const children = first.tokens ? inline(first.tokens, { ...ctx, format }, language) : [run(first.text)];
    return [paragraph([...opening, ...children], ctx), ...blocksOf(tokens.slice(1), ctx, language)];
  }
  return [new Paragraph({ children: [...opening], keepNext: true }), ...blocksOf(tokens, ctx, language)];
}
