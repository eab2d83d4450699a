import type { SourceBlock } from '../../../dialogs/core/importing/blocks.js';
import type { SeedDocument, SeedItem } from './seedItems.js';

/*
 * The same seed laid out the ways officials' Word files come, as the Word reader would hand them over: each
 * layout only moves the seed's own words around (labels, the template's questions, answers), never retypes them.
 */

export interface LayoutOptions {
  /** The label to write for an item (a translation, a variant); the seed's own by default. */
  label?: (item: SeedItem) => string;
  /** The template's question to write under the label; the seed's own (Mexico) by default, none for Panama. */
  guidance?: (item: SeedItem) => string | undefined;
  /** Keep the text before the format (the introduction, "ANEXO", the title). */
  preamble?: boolean;
}

const labelOf = (item: SeedItem, o: LayoutOptions) => o.label?.(item) ?? item.label;
const guidanceOf = (item: SeedItem, o: LayoutOptions) => (o.guidance ? o.guidance(item) : item.guidance);
const answer = (item: SeedItem): SourceBlock[] => item.paragraphs.map((text) => ({ text }));
const preamble = (doc: SeedDocument, o: LayoutOptions): SourceBlock[] =>
  o.preamble === false ? [] : doc.preamble.map((text) => ({ text }));

/** "3. **Label:** question" with the answer in the paragraphs below (or on the line, as Panama wrote it). */
export function typedNumbers(doc: SeedDocument, o: LayoutOptions = {}, numbers?: number[]): SourceBlock[] {
  return [
    ...preamble(doc, o),
    ...doc.items.flatMap((item, i) => {
      const guidance = guidanceOf(item, o);
      const head = `${numbers?.[i] ?? i + 1}. **${labelOf(item, o)}:**`;
      if (guidance) return [{ text: `${head} ${guidance}` }, ...answer(item)];
      const [first, ...rest] = item.paragraphs;
      return [{ text: `${head} ${first}` }, ...rest.map((text) => ({ text }))];
    }),
  ];
}

/** The label bold, alone in its paragraph; the question (if any) and the answer in paragraphs of their own. */
export function boldOwnLine(doc: SeedDocument, o: LayoutOptions = {}): SourceBlock[] {
  return [
    ...preamble(doc, o),
    ...doc.items.flatMap((item) => {
      const guidance = guidanceOf(item, o);
      return [
        { text: `**${labelOf(item, o)}:**`, emphasis: true },
        ...(guidance ? [{ text: guidance }] : []),
        ...answer(item),
      ];
    }),
  ];
}

/** Word's automatic numbering: the number is not in the text, the label's paragraph is a list item. */
export function autoNumbered(doc: SeedDocument, o: LayoutOptions = {}): SourceBlock[] {
  return [
    ...preamble(doc, o),
    ...doc.items.flatMap((item) => {
      const guidance = guidanceOf(item, o);
      if (guidance) return [{ text: `${labelOf(item, o)}: ${guidance}`, listItem: true }, ...answer(item)];
      const [first, ...rest] = item.paragraphs;
      return [{ text: `**${labelOf(item, o)}:** ${first}`, listItem: true }, ...rest.map((text) => ({ text }))];
    }),
  ];
}

/** A two-column table: the label (and the question) in the first cell, the answer's paragraphs in the second. */
export function twoColumns(doc: SeedDocument, o: LayoutOptions = {}): SourceBlock[] {
  return [
    ...preamble(doc, o),
    ...doc.items.flatMap((item, row) => {
      const guidance = guidanceOf(item, o);
      return [
        { text: labelOf(item, o), cell: { table: 0, row, col: 0 } },
        ...(guidance ? [{ text: guidance, cell: { table: 0, row, col: 0 } }] : []),
        ...item.paragraphs.map((text) => ({ text, cell: { table: 0, row, col: 1 } })),
      ];
    }),
  ];
}
