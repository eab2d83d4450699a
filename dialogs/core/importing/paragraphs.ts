import type { SourceBlock } from './blocks.js';
import { labelAt } from './labels.js';

/** A paragraph as the section finder reads it: tables laid out in reading order, one label at most, at its start. */
export interface Paragraph {
  text: string;
  listItem: boolean;
  emphasis: boolean;
  /** The first cell of a table's row that holds a label: a label by its place, whatever its marks. */
  labelCell: boolean;
  /** Went on from the paragraph before it after a line break (one block): joined with "\n", not a blank line. */
  soft: boolean;
}

const plain = (text: string, from: SourceBlock, soft = false): Paragraph => ({
  text,
  listItem: !soft && !!from.listItem,
  emphasis: !!from.emphasis,
  labelCell: false,
  soft,
});

/**
 * One block's lines, split before each line that starts with a label: a format pasted with no blank lines
 * ("1. Institución: …\n2. Título: …") or a Word paragraph with line breaks still gives one label per paragraph.
 */
function splitAtLabels(block: SourceBlock): Paragraph[] {
  const out: Paragraph[] = [];
  for (const line of block.text.normalize('NFC').split('\n')) {
    const last = out[out.length - 1];
    if (!last && !line.trim()) continue;
    if (last && !labelAt(line)) last.text += `\n${line}`;
    else out.push(plain(line, block, out.length > 0));
  }
  return out.filter((p) => p.text.trim() !== '');
}

const isNumberOnly = (blocks: SourceBlock[]) => blocks.every((b) => /^\s*(?:\d{1,2}\s*[.)]?)?\s*$/.test(b.text));

/**
 * A table's row. A label in its first cell (after a cell holding only the item's number) starts a field, and
 * the cells after it are the answer. Otherwise the row goes on with the field before it; a short first cell
 * beside a value ("Estado Parte | Panamá") is read as "Estado Parte: Panamá", so the field's part labels work.
 */
function rowParagraphs(cells: SourceBlock[][]): Paragraph[] {
  const filled = cells.filter((c) => c.some((b) => b.text.trim() !== ''));
  const start = filled.findIndex((c) => !isNumberOnly(c));
  if (start < 0) return [];
  const [head, ...others] = filled.slice(start) as [SourceBlock[], ...SourceBlock[][]];
  const paragraphs = (blocks: SourceBlock[]) => blocks.flatMap(splitAtLabels);
  const first = paragraphs(head);
  if (first[0] && labelAt(first[0].text.split('\n')[0]!)) {
    first[0].labelCell = true;
    return [...first, ...others.flatMap(paragraphs)];
  }
  const name = head.length === 1 && head[0]!.text.trim();
  const value = others.length === 1 ? paragraphs(others[0]!) : [];
  if (name && name.length <= 60 && !/[.\n]$/.test(name) && !name.includes('\n') && value[0]) {
    value[0] = { ...value[0], text: `${name.replace(/\s*:\s*$/, '')}: ${value[0].text}` };
    return value;
  }
  return [...first, ...others.flatMap(paragraphs)];
}

/** The document's paragraphs in reading order; a table is read row by row, each row's cells left to right. */
export function paragraphsOf(blocks: readonly SourceBlock[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (let i = 0; i < blocks.length;) {
    const cell = blocks[i]!.cell;
    if (!cell) {
      out.push(...splitAtLabels(blocks[i]!));
      i++;
      continue;
    }
    // One row: the blocks of this table and row that follow each other, grouped by column.
    const cells = new Map<number, SourceBlock[]>();
    for (; i < blocks.length; i++) {
      const c = blocks[i]!.cell;
      if (!c || c.table !== cell.table || c.row !== cell.row) break;
      cells.set(c.col, [...(cells.get(c.col) ?? []), blocks[i]!]);
    }
    out.push(...rowParagraphs([...cells.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b)));
  }
  return out;
}
