// htmlparser2, not regular expressions: mammoth's output is HTML (nesting, entities, attributes), and a parser
// reads it the way it was written.
import { Parser } from 'htmlparser2';
import type { SourceBlock } from '../../dialogs/core/importing/blocks.js';
import { isAllBold, renderLine, type Line } from './inlineText.js';

const PARAGRAPHS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);
const HEADINGS = /^h[1-6]$/;
/** mammoth's anchors for notes and comments: the reference marks and the list of notes at the end. */
const NOTE = /^#?(footnote|endnote|comment)(-ref)?-/;

interface Table {
  index: number;
  row: number;
  col: number;
  /** Columns still covered by a cell above (rowspan), until which row. */
  covered: Map<number, number>;
}

interface Cell {
  lines: (Line & { listItem: boolean })[];
  at: { table: number; row: number; col: number };
}

/**
 * mammoth's HTML as the importer's blocks: one per paragraph, heading or list item, one per table cell (its
 * paragraphs joined with a blank line), in document order. Footnote and endnote marks and the notes themselves are left
 * out (they are not the official's answer), as are images; links keep their text and, when it says something
 * else, their address. Tables inside a cell are read as more lines of that cell. Rows and columns count from 0.
 */
export function htmlToBlocks(html: string): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  const tables: Table[] = [];
  let tableCount = 0;
  let nestedTables = 0;
  let cell: Cell | null = null;
  let line: (Line & { listItem: boolean }) | null = null;
  let listDepth = 0;
  let bold = 0;
  let italic = 0;
  let depth = 0;
  /** While inside a note (or its mark): the depth where it started. */
  let skipFrom = 0;
  const links: { href: string; from: number }[] = [];

  const startLine = (heading: boolean): void => {
    finishLine();
    line = { runs: [], heading, listItem: listDepth > 0 };
  };
  const finishLine = (): void => {
    const done = line;
    line = null;
    if (!done) return;
    if (cell) {
      cell.lines.push(done);
      return;
    }
    const allBold = isAllBold(done);
    const text = renderLine(done, allBold);
    if (text) blocks.push({ text, ...(allBold && { emphasis: true }), ...(done.listItem && { listItem: true }) });
  };
  const finishCell = (): void => {
    finishLine();
    const done = cell;
    cell = null;
    if (!done) return;
    const withText = done.lines.filter((l) => l.runs.some((r) => /\S/.test(r.text)));
    const allBold = withText.length > 0 && withText.every(isAllBold);
    // A cell's paragraphs stay paragraphs (a blank line between) and its list a list ("- " items, one a line),
    // as in pasted text: an answer in a table keeps the shape it has elsewhere.
    const text = withText
      .map((l, i) => {
        const before = i === 0 ? '' : l.listItem && withText[i - 1]!.listItem ? '\n' : '\n\n';
        return `${before}${l.listItem ? '- ' : ''}${renderLine(l, allBold)}`;
      })
      .join('');
    if (text) blocks.push({ text, ...(allBold && { emphasis: true }), cell: done.at });
  };
  const addText = (text: string): void => {
    if (!line) {
      if (!/\S/.test(text)) return;
      startLine(false);
    }
    line!.runs.push({ text, bold: bold > 0, italic: italic > 0 });
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        depth++;
        if (skipFrom) return;
        if (NOTE.test(attrs.id ?? '') || NOTE.test(attrs.href ?? '')) skipFrom = depth;
        else if (PARAGRAPHS.has(name)) {
          if (name === 'li') listDepth++;
          startLine(HEADINGS.test(name));
        } else if (name === 'strong' || name === 'b') bold++;
        else if (name === 'em' || name === 'i') italic++;
        else if (name === 'br') addText('\n');
        else if (name === 'a') links.push({ href: attrs.href ?? '', from: line?.runs.length ?? 0 });
        else if (name === 'table') {
          if (cell) nestedTables++;
          else {
            finishLine();
            tables.push({ index: tableCount++, row: -1, col: 0, covered: new Map() });
          }
        } else if (nestedTables === 0 && tables.length > 0) {
          const table = tables[tables.length - 1]!;
          if (name === 'tr') {
            table.row++;
            table.col = 0;
          } else if (name === 'td' || name === 'th') {
            finishCell();
            while ((table.covered.get(table.col) ?? -1) >= table.row) table.col++;
            cell = { lines: [], at: { table: table.index, row: table.row, col: table.col } };
            const rows = Number(attrs.rowspan ?? 1);
            const cols = Math.max(1, Number(attrs.colspan ?? 1) || 1);
            for (let c = 0; c < cols; c++) if (rows > 1) table.covered.set(table.col + c, table.row + rows - 1);
            table.col += cols;
          }
        }
      },
      ontext(text) {
        if (!skipFrom) addText(text);
      },
      onclosetag(name) {
        const closing = depth--;
        if (skipFrom) {
          if (closing === skipFrom) skipFrom = 0;
          return;
        }
        if (PARAGRAPHS.has(name)) {
          finishLine();
          if (name === 'li') listDepth--;
        } else if (name === 'strong' || name === 'b') bold--;
        else if (name === 'em' || name === 'i') italic--;
        else if (name === 'a') closeLink(links.pop(), line);
        else if (name === 'table') {
          if (nestedTables > 0) nestedTables--;
          else tables.pop();
        } else if ((name === 'td' || name === 'th') && nestedTables === 0) finishCell();
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  finishCell();
  finishLine();
  return blocks;
}

/** After a link's text, its address when the text does not already say it (bookmarks and notes never). */
function closeLink(link: { href: string; from: number } | undefined, line: Line | null): void {
  if (!link || !line || !/^(https?|mailto|ftp):/i.test(link.href)) return;
  const runs = line.runs.slice(link.from);
  const text = runs.map((r) => r.text).join('');
  if (bare(text) === bare(link.href)) return;
  const last = runs[runs.length - 1] ?? line.runs[line.runs.length - 1];
  const address = /\S/.test(text) ? ` (${link.href})` : ` ${link.href}`;
  line.runs.push({ text: address, bold: last?.bold ?? false, italic: false });
}

/** An address without what people leave out when they write one: scheme, `www.`, a trailing slash. */
function bare(address: string): string {
  return address
    .trim()
    .toLowerCase()
    .replace(/^(https?:\/\/|mailto:)/, '')
    .replace(/^www\./, '')
    .replace(/\/$/, '');
}
