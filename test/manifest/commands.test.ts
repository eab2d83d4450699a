import assert from 'node:assert/strict';
import { createCatalog } from '../../bot/i18n.js';
import { fold } from '../../dialogs/core/normalize.js';
import { COMMAND_IDS, REVIEWER_COMMAND_IDS, commandAliases, reviewerCommandTitles } from '../../manifest/commands.js';

describe('bot command aliases (manifest/commands.ts)', () => {
  it('maps the English and every translated command title to its command id', () => {
    const aliases = commandAliases();
    const expected: Record<string, string> = {
      new: 'new',
      nueva: 'new',
      nova: 'new',
      nouvelle: 'new',
      resume: 'resume',
      reanudar: 'resume',
      retomar: 'resume',
      reprendre: 'resume',
      status: 'status',
      estado: 'status',
      statut: 'status',
      help: 'help',
      ayuda: 'help',
      ajuda: 'help',
      aide: 'help',
    };
    assert.deepEqual(Object.fromEntries([...aliases].sort()), Object.fromEntries(Object.entries(expected).sort()));
  });

  it('covers exactly the commands the bot implements', () => {
    assert.deepEqual([...new Set(commandAliases().values())].sort(), [...COMMAND_IDS].sort());
  });

  it('lists every reviewer command for teams, each title in every language one the reviewer commands read', async () => {
    const catalog = await createCatalog();
    const titles = reviewerCommandTitles();
    assert.deepEqual([...titles.keys()], [...REVIEWER_COMMAND_IDS]);
    for (const [id, list] of titles) {
      assert.equal(list.length, 4, `${id}: English and the three translations`);
      const words = catalog.words(`reviewer.words.${id}`).map(fold);
      for (const title of list)
        assert.ok(words.includes(fold(title)), `"${title}" is not a word of reviewer.words.${id}`);
    }
  });
});
