import { Footer, Header, PageNumber, Paragraph, Tab, TabStopType, TextRun, type ParagraphChild } from 'docx';
import { TextWatermark } from 'docx/watermarks';
import type { Texts } from '../../dialogs/core/texts.js';
import { PAGE, STYLE } from './docStyles.js';
import { run, sentence, xmlSafe } from './runs.js';

const TEXT_WIDTH = PAGE.size.width - PAGE.margin.left - PAGE.margin.right;

/** "Página 3 de 12" with live PAGE and NUMPAGES fields, in the reader's word order. */
const pageOf = (tx: Texts): ParagraphChild[] =>
  sentence((marks) => tx.t('export.pageOf', marks), {
    page: new TextRun({ children: [PageNumber.CURRENT] }),
    pages: new TextRun({ children: [PageNumber.TOTAL_PAGES] }),
  });

/** What names the document at the foot of every page (its reference), then its page numbers, right-aligned. */
export function footer(left: string, tx: Texts): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE.footer,
        tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
        children: [run(left), new TextRun({ children: [new Tab()] }), ...pageOf(tx)],
      }),
    ],
  });
}

/** A draft's header on every page, and Word's own "DRAFT" watermark behind the text: it cannot pass for a submission. */
export function draftHeader(tx: Texts): Header {
  return new Header({
    children: [
      new Paragraph({
        style: STYLE.header,
        children: [
          new TextWatermark({ text: xmlSafe(tx.t('export.watermark')), color: 'D9D9D9', opacity: 0.5 }),
          run(tx.t('export.draftMark'), { bold: true, color: 'C00000' }),
        ],
      }),
    ],
  });
}
