/** The part of an activity this reads (structural, so the Teams edge's helpers need not load the SDK). */
interface WithAttachments {
  channelId?: string;
  attachments?: Array<{ contentType?: string; name?: string; contentUrl?: string; content?: unknown }>;
}

/** A file an official sent with a message, as Teams describes it. */
export interface IncomingFile {
  name: string;
  /** An image pasted into the message in Teams: its address needs the bot's own token, so it is not fetched. */
  inline?: boolean;
  /** Where to fetch it: pre-authorised and short-lived in Teams; absent when Teams did not hand the file over. */
  downloadUrl?: string;
}

const DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';
// What a message carries that is not a file: its own text as HTML, cards, Teams' message metadata.
const NOT_FILES =
  /^(text\/html|text\/plain|application\/vnd\.microsoft\.card\.|application\/vnd\.microsoft\.teams\.card\.)/;

/**
 * The files in a message. In the personal chat Teams sends each as a `file.download.info` attachment with a
 * download URL; in a channel it only references the file (no URL the bot can use); the Emulator and the
 * Agents Playground send the file's own MIME type and a `contentUrl`.
 */
export function filesIn(activity: WithAttachments): IncomingFile[] {
  const out: IncomingFile[] = [];
  for (const a of activity.attachments ?? []) {
    const content = (a.content ?? {}) as { downloadUrl?: unknown };
    if (a.contentType === DOWNLOAD_INFO) {
      const url = typeof content.downloadUrl === 'string' ? content.downloadUrl : undefined;
      out.push({ name: a.name ?? '', ...(url ? { downloadUrl: url } : {}) });
    } else if (a.contentType && !NOT_FILES.test(a.contentType) && (a.name || a.contentUrl)) {
      // In Teams a file always comes as file.download.info: an image here was pasted into the message itself.
      if (activity.channelId === 'msteams' && a.contentType.startsWith('image/')) {
        out.push({ name: a.name ?? 'image', inline: true });
        continue;
      }
      const url = a.contentType !== 'reference' && a.contentUrl ? a.contentUrl : undefined;
      out.push({ name: a.name ?? '', ...(url ? { downloadUrl: url } : {}) });
    }
  }
  return out;
}
