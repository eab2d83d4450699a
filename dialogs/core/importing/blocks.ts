/**
 * A document as the importer reads it: its paragraphs in order, whatever they came from (a Word file read by
 * mammoth, or text pasted in one or several messages). The finder of sections works on these alone, so it
 * never knows about files, zips or HTML.
 */
export interface SourceBlock {
  /** The paragraph's text; light markdown kept (`**bold**`, `- ` for a list item), footnote marks removed. */
  text: string;
  /** The whole paragraph is bold or a heading: a likely label. */
  emphasis?: boolean;
  /** A list item (Word's automatic numbering drops the item's number from the text). */
  listItem?: boolean;
  /** Inside a table: its row and column, so a label cell pairs with the answer cell beside it. */
  cell?: { table: number; row: number; col: number };
}
