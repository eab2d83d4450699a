import assert from 'node:assert/strict';
import { COMMAND_IDS, commandAliases } from '../../manifest/commands.js';

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
});
