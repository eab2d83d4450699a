// The bot commands declared in the manifest, and every localized title Teams may send for them.
// Teams inserts a command's *title* into the compose box, so a Spanish user picking
// "nueva" from the command menu sends "nueva", not "new". The bot can use
// commandAliases() to map whatever arrives back to a command id.
import { readFileSync } from 'node:fs';

export const COMMAND_IDS = ['new', 'resume', 'status', 'help'] as const;
export type CommandId = (typeof COMMAND_IDS)[number];
/** The reviewers' commands, the bot's list in a team (the Secretariat's channel): their ids are the English titles. */
export const REVIEWER_COMMAND_IDS = ['list', 'word', 'areas', 'export'] as const;
export type ReviewerCommandId = (typeof REVIEWER_COMMAND_IDS)[number];

const MANIFEST_DIR = new URL('./', import.meta.url);
const TITLE_KEY = /^bots\[0\]\.commandLists\[0\]\.commands\[(\d+)\]\.title$/;
const REVIEWER_TITLE_KEY = /^bots\[0\]\.commandLists\[1\]\.commands\[(\d+)\]\.title$/;

interface TemplateShape {
  bots: { commandLists: { commands: { title: string }[] }[] }[];
  localizationInfo: { additionalLanguages: { languageTag: string; file: string }[] };
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(new URL(file, MANIFEST_DIR), 'utf8'));
}

/**
 * Lower-cased command title (in every language of the manifest) → command id.
 * The English titles in the template are the command ids themselves.
 */
export function commandAliases(): ReadonlyMap<string, CommandId> {
  // Shape is guaranteed by the schema validation in test/manifest/package.test.ts.
  const template = readJson('manifest.template.json') as TemplateShape;
  const englishTitles = template.bots[0]?.commandLists[0]?.commands.map((c) => c.title) ?? [];
  const idAt = (index: number): CommandId => {
    const id = englishTitles[index];
    if (!COMMAND_IDS.includes(id as CommandId))
      throw new Error(`Manifest command ${index} ("${id}") is not one of ${COMMAND_IDS.join(', ')}`);
    return id as CommandId;
  };

  const aliases = new Map<string, CommandId>();
  const add = (title: string, id: CommandId): void => {
    const key = title.trim().toLowerCase();
    const existing = aliases.get(key);
    if (existing !== undefined && existing !== id)
      throw new Error(`Command title "${title}" is used for both "${existing}" and "${id}"`);
    aliases.set(key, id);
  };

  englishTitles.forEach((title, index) => add(title, idAt(index)));
  for (const { file } of template.localizationInfo.additionalLanguages) {
    const strings = readJson(file) as Record<string, string>;
    for (const [key, title] of Object.entries(strings)) {
      const match = TITLE_KEY.exec(key);
      if (match) add(title, idAt(Number(match[1])));
    }
  }
  return aliases;
}

/**
 * The team list's titles (the reviewers' commands) in every language of the manifest, by command id: what Teams
 * puts after the bot's mention when a reviewer picks one, which the reviewer commands must read as that command.
 */
export function reviewerCommandTitles(): ReadonlyMap<ReviewerCommandId, string[]> {
  const template = readJson('manifest.template.json') as TemplateShape;
  const english = template.bots[0]?.commandLists[1]?.commands.map((c) => c.title) ?? [];
  const idAt = (index: number): ReviewerCommandId => {
    const id = english[index];
    if (!REVIEWER_COMMAND_IDS.includes(id as ReviewerCommandId))
      throw new Error(`Manifest team command ${index} ("${id}") is not one of ${REVIEWER_COMMAND_IDS.join(', ')}`);
    return id as ReviewerCommandId;
  };
  const titles = new Map<ReviewerCommandId, string[]>();
  const add = (title: string, id: ReviewerCommandId) => titles.set(id, [...(titles.get(id) ?? []), title]);
  english.forEach((title, index) => add(title, idAt(index)));
  for (const { file } of template.localizationInfo.additionalLanguages) {
    const strings = readJson(file) as Record<string, string>;
    for (const [key, title] of Object.entries(strings)) {
      const match = REVIEWER_TITLE_KEY.exec(key);
      if (match) add(title, idAt(Number(match[1])));
    }
  }
  return titles;
}
