import { randomUUID } from 'node:crypto';
import { createCatalog } from '../../bot/i18n.js';
import { FormEngine } from '../../dialogs/core/engine.js';
import { SubmissionService } from '../../dialogs/core/submission.js';
import { MemoryStore } from '../../storage/memoryStore.js';
import type { DocumentStore } from '../../storage/ports.js';
import { CounterRepository } from '../../storage/repositories/counters.js';
import { DraftRepository } from '../../storage/repositories/drafts.js';
import { OutboxRepository } from '../../storage/repositories/outbox.js';
import { PracticeRepository } from '../../storage/repositories/practices.js';
import { ProfileRepository } from '../../storage/repositories/profiles.js';

/** The domain wired on a store of the test's choosing, as the composition root does for the real bot. */
export async function world(store: DocumentStore = new MemoryStore(), clock?: () => Date) {
  const drafts = new DraftRepository(store);
  const profiles = new ProfileRepository(store);
  const practices = new PracticeRepository(store);
  const outbox = new OutboxRepository(store);
  const submissions = new SubmissionService({ drafts, practices, counters: new CounterRepository(store), outbox });
  const catalog = await createCatalog();
  const engine = new FormEngine({
    drafts,
    profiles,
    submissions,
    catalog,
    newId: randomUUID,
    ...(clock ? { clock } : {}),
  });
  return { store, drafts, profiles, practices, outbox, submissions, catalog, engine };
}
