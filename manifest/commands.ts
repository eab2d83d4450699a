// The bot commands declared in the manifest, and every localized title Teams may send for them.
// Teams inserts a command's *title* into the compose box, so a Spanish user picking
// "nueva" from the command menu sends "nueva", not "new". The bot can use
// commandAliases() to map whatever arrives back to a command id.
import { readFileSync } from 'node:fs';

export const COMMAND_IDS = ['new', 'resume', 'status', 'help'] as const;
export type CommandId = (typeof COMMAND_IDS)[number];

const MANIFEST_DIR = new URL('./', import.meta.url);
const TITLE_KEY = /^bots\[0\]\.commandLists\[0\]\.commands\[(\d+)\]\.title$/;

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
