import { AlignmentType, BorderStyle, LineRuleType, type IStylesOptions } from 'docx';
import type { Locale } from '../../dialogs/core/normalize.js';

/**
 * The look every Word file shares. Arial: on every Windows and Mac, metric-compatible with Liberation Sans where
 * LibreOffice renders it, and measured by docx's page layout (the compilation's contents carry page numbers).
 */
export const FONT = 'Arial';

const BLUE = '1F3864';
const MID_BLUE = '2E5496';
const GREY = '595959';

/** Sizes in half-points, spacing in twentieths of a point, as Word stores them. */
const pt = (points: number) => points * 2;
const twips = (points: number) => points * 20;

/**
 * The tag Word's spell-check reads (w:lang). Tags every Word and LibreOffice proofs: a regional one such as es-419
 * is missing from older versions, which would then check nothing.
 */
export function wordLanguage(locale: Locale): string {
  return { es: 'es-ES', en: 'en-US', pt: 'pt-BR', fr: 'fr-FR' }[locale];
}

/** Style ids the exports use beyond Word's built-in ones. */
export const STYLE = {
  summary: 'Summary',
  footer: 'Footer',
  header: 'Header',
  draftMark: 'DraftMark',
  coverOrg: 'CoverOrganization',
  coverTitle: 'CoverTitle',
  coverLine: 'CoverLine',
  /** docx gives its bullets this style itself: the numbered items take it too, so both look alike. */
  listItem: 'ListParagraph',
  quote: 'Quote',
  contentsHeading: 'TOCHeading',
} as const;

/**
 * A real style set: the document's language and font at 11 pt with space after each paragraph, headings in bold
 * (not by colour alone) that keep with the paragraph after them and never split, and the paragraph styles the
 * summary box, the footer, the cover and lists use.
 */
export function documentStyles(locale: Locale): IStylesOptions {
  const heading = (size: number, before: number, after: number, color: string) => ({
    run: { font: FONT, size: pt(size), bold: true, color },
    paragraph: { keepNext: true, keepLines: true, spacing: { before: twips(before), after: twips(after) } },
  });
  const body = { font: FONT, size: pt(11) };
  return {
    default: {
      document: {
        run: { ...body, language: { value: wordLanguage(locale) } },
        paragraph: { spacing: { after: twips(8), line: 264, lineRule: LineRuleType.AUTO } },
      },
      title: {
        run: { font: FONT, size: pt(16), bold: true, color: BLUE },
        paragraph: { keepNext: true, keepLines: true, spacing: { after: twips(12) } },
      },
      heading1: heading(15, 18, 8, BLUE),
      heading2: {
        ...heading(13, 16, 6, MID_BLUE),
        paragraph: {
          keepNext: true,
          keepLines: true,
          spacing: { before: twips(16), after: twips(6) },
          border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: 'A6B6D3', space: 2 } },
        },
      },
      heading3: heading(11.5, 12, 4, BLUE),
      hyperlink: { run: { color: '0563C1', underline: { type: 'single' } } },
      listParagraph: { run: body, paragraph: { spacing: { after: twips(3) } } },
    },
    paragraphStyles: [
      {
        id: STYLE.summary,
        name: 'Summary',
        basedOn: 'Normal',
        run: body,
        paragraph: {
          spacing: { after: twips(2) },
          indent: { left: twips(6) },
          shading: { type: 'clear', color: 'auto', fill: 'EEF2F8' },
          border: { left: { style: BorderStyle.SINGLE, size: 18, color: MID_BLUE, space: 6 } },
        },
      },
      {
        id: STYLE.footer,
        name: 'footer',
        basedOn: 'Normal',
        run: { font: FONT, size: pt(8.5), color: GREY },
        paragraph: {
          spacing: { after: 0 },
          border: { top: { style: BorderStyle.SINGLE, size: 4, color: 'BFBFBF', space: 4 } },
        },
      },
      {
        id: STYLE.header,
        name: 'header',
        basedOn: 'Normal',
        run: { font: FONT, size: pt(8.5), color: GREY },
        paragraph: { spacing: { after: 0 }, alignment: AlignmentType.RIGHT },
      },
      {
        id: STYLE.draftMark,
        name: 'Draft mark',
        basedOn: 'Normal',
        run: { font: FONT, size: pt(10), bold: true, color: 'C00000' },
        paragraph: {
          spacing: { after: twips(10) },
          alignment: AlignmentType.CENTER,
          border: {
            top: { style: BorderStyle.SINGLE, size: 8, color: 'C00000', space: 3 },
            bottom: { style: BorderStyle.SINGLE, size: 8, color: 'C00000', space: 3 },
          },
        },
      },
      {
        id: STYLE.coverOrg,
        name: 'Cover organization',
        basedOn: 'Normal',
        run: { font: FONT, size: pt(12), color: GREY },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { after: twips(6) } },
      },
      {
        id: STYLE.coverTitle,
        name: 'Cover title',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font: FONT, size: pt(24), bold: true, color: BLUE },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { before: twips(150), after: twips(18) } },
      },
      {
        id: STYLE.coverLine,
        name: 'Cover line',
        basedOn: 'Normal',
        run: { font: FONT, size: pt(13) },
        paragraph: { alignment: AlignmentType.CENTER, spacing: { after: twips(8) } },
      },
      {
        id: STYLE.quote,
        name: 'Quote',
        basedOn: 'Normal',
        run: { ...body, italics: true, color: '404040' },
        paragraph: { indent: { left: twips(27), right: twips(18) } },
      },
      {
        id: STYLE.contentsHeading,
        name: 'TOC Heading',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font: FONT, size: pt(15), bold: true, color: BLUE },
        paragraph: { keepNext: true, spacing: { after: twips(12) } },
      },
      // The contents' levels: areas in bold, practices indented under them.
      {
        id: 'TOC1',
        name: 'toc 1',
        basedOn: 'Normal',
        next: 'Normal',
        run: { ...body, bold: true },
        paragraph: { spacing: { before: twips(8), after: twips(2) } },
      },
      {
        id: 'TOC2',
        name: 'toc 2',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font: FONT, size: pt(10) },
        paragraph: { spacing: { after: twips(2) }, indent: { left: twips(16) } },
      },
    ],
  };
}

/** US Letter with 2.5 cm margins: the OAS's paper size; the footer sits inside the bottom margin. */
export const PAGE = {
  size: { width: 12240, height: 15840 },
  margin: { top: 1418, bottom: 1418, left: 1418, right: 1418, header: 567, footer: 567 },
};
