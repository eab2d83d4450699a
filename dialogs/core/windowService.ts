import type { Draft } from './draft.js';
import { writeParts, windowFields, type PartResult, type PartWrite, type WindowField } from './formWindow.js';
import { ConflictError, type Drafts, type Profiles } from './ports.js';
import { baseLocale, type Locale } from './normalize.js';
import type { Catalog, Texts } from './texts.js';

const MAX_CONFLICT_RETRIES = 5;

export interface WindowDeps {
  drafts: Drafts;
  profiles: Profiles;
  catalog: Catalog;
  /** The engine's per-official order (FormEngine.serialized): a window's save never interleaves with a turn. */
  serialized: <T>(officialId: string, work: () => Promise<T>) => Promise<T>;
  clock?: () => Date;
}

/** A draft the window may show and write: the official's own, still open, not set aside. */
const writable = (draft: Draft | undefined): draft is Draft =>
  !!draft && !draft.deleted && (draft.status === 'draft' || draft.status === 'returned');

/**
 * The form window's side of a draft: read it for the window, write what the window sends. Same storage, same
 * validation and the same per-official order as the chat, so the two are views of one draft.
 */
export class WindowService {
  constructor(private readonly deps: WindowDeps) {}

  /** The official's language: their own choice, else the one the window was opened in. */
  async texts(ownerId: string, asked?: string): Promise<Texts> {
    const profile = await this.deps.profiles.get(ownerId);
    return this.deps.catalog.texts(profile.locale ?? baseLocale(asked));
  }

  async open(
    ownerId: string,
    draftId: string,
    only?: number,
  ): Promise<{ draft: Draft; fields: WindowField[] } | undefined> {
    const draft = await this.deps.drafts.get(ownerId, draftId);
    return writable(draft) ? { draft, fields: windowFields(draft, only) } : undefined;
  }

  async write(
    ownerId: string,
    draftId: string,
    writes: readonly PartWrite[],
    locale: Locale,
  ): Promise<{ draft: Draft; results: PartResult[] } | undefined> {
    return this.deps.serialized(ownerId, async () => {
      for (let attempt = 1; ; attempt++) {
        const draft = await this.deps.drafts.get(ownerId, draftId);
        if (!writable(draft)) return undefined;
        const now = this.deps.clock?.() ?? new Date();
        const written = writeParts(draft, writes, { locale, now });
        try {
          return { draft: await this.deps.drafts.save(written.draft), results: written.results };
        } catch (err) {
          // Another instance saved this draft meanwhile: write again over what it saved.
          if (!(err instanceof ConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw err;
        }
      }
    });
  }
}
