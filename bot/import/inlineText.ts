/** A piece of a paragraph's text with the styles it had (`\n` alone for a line break). */
export interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
}

/** A paragraph as read: its runs, and whether it was a heading (which makes it all emphasis). */
export interface Line {
  runs: Run[];
  heading: boolean;
}

const hasText = (run: Run): boolean => /\S/.test(run.text);

/** Every run with text is bold (or the line is a heading): the paragraph is a likely label. */
export function isAllBold(line: Line): boolean {
  const texts = line.runs.filter(hasText);
  return texts.length > 0 && (line.heading || texts.every((r) => r.bold));
}

/**
 * The line as light markdown: `**bold**` and `*italic*` around the stretches that had them (unless the whole
 * block is bold, which `emphasis` says instead), whitespace collapsed, line breaks kept as `\n`. Markers hug the
 * words (`**a** b`, never `**a **b`), as markdown needs.
 */
export function renderLine(line: Line, allBold: boolean): string {
  let out = '';
  let group: Run[] = [];
  const flush = (): void => {
    const text = group.map((r) => r.text).join('');
    const first = group.find(hasText);
    group = [];
    if (!first) {
      out += text;
      return;
    }
    const marker = (first.bold && !allBold ? '**' : '') + (first.italic ? '*' : '');
    const core = text.trim();
    out += (text.startsWith(core) ? '' : ' ') + marker + core + marker;
    out += text.endsWith(core) ? '' : ' ';
  };
  for (const run of line.runs) {
    const text = run.text === '\n' ? '\n' : run.text.replace(/\s+/g, ' ');
    const styled = group.find(hasText);
    // Spaces join the stretch they are in; a new style or a line break starts a new one.
    const same = !styled || !/\S/.test(text) || (styled.bold === run.bold && styled.italic === run.italic);
    if (text === '\n' || !same) flush();
    group.push({ ...run, text });
    if (text === '\n') flush();
  }
  flush();
  return out
    .replace(/ {2,}/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
