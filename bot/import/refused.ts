/** Why an uploaded document was not read. The bot words each one for the official (i18n); here they are codes. */
export type RefusalReason =
  /** Bigger than the download cap (announced by Content-Length, or counted while streaming). */
  | 'tooLarge'
  /** Teams gave no address the bot may fetch the file from (none, or not SharePoint's in production). */
  | 'noDownload'
  /** A picture pasted into a Teams message: its address needs the bot's own token. */
  | 'inlineImage'
  /** The file could not be fetched: an HTTP error, a network failure or a download that took too long. */
  | 'downloadFailed'
  /** Not a Word document at all (or a ZIP without a Word document in it). */
  | 'notDocx'
  /** A Word 97-2003 .doc: to be saved again as .docx. */
  | 'legacyDoc'
  /** A PDF: the bot reads the Word template, not a printout of it. */
  | 'pdf'
  /** An HTML page (a OneDrive/SharePoint sharing page some clients send instead of the file). */
  | 'sharingPage'
  /** A .docm or .dotm: macros are never opened. */
  | 'macroEnabled'
  /** Password-protected (an encrypted Office file, or an encrypted ZIP entry). */
  | 'encrypted'
  /** A ZIP that would inflate far beyond any real template, or whose directory does not add up. */
  | 'zipBomb'
  /** A .docx the reader could not make sense of (damaged, truncated, or too much for the reader's memory). */
  | 'unreadable'
  /** Reading took longer than the time limit. */
  | 'timeout'
  /** Nothing to read: no bytes, or no paragraph with text. */
  | 'empty'
  /** An attachment of a kind the Secretariat does not take (only PDF, Word, Excel, PowerPoint and images). */
  | 'notAllowed';

/** An uploaded document turned away, with a reason the bot can explain and a detail for the logs. */
export class DocumentRefused extends Error {
  constructor(
    readonly reason: RefusalReason,
    readonly detail?: Record<string, string | number>,
  ) {
    super(detail ? `document refused: ${reason} ${JSON.stringify(detail)}` : `document refused: ${reason}`);
    this.name = 'DocumentRefused';
  }
}
