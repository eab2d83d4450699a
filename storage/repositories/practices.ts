import type { PracticeRecord } from '../../dialogs/core/practice.js';
import type { Practices } from '../../dialogs/core/ports.js';
import type { DocumentStore } from '../ports.js';
import { skipDamaged } from './damaged.js';

/** The Secretariat's repository: one document per practice, named by its reference. */
export class PracticeRepository implements Practices {
  constructor(private readonly store: DocumentStore) {}

  /** A damaged record reads as missing (the store set it aside and logged it): a resubmission writes it again. */
  async get(reference: string): Promise<PracticeRecord | undefined> {
    return (await this.store.read<PracticeRecord>(`practices/${reference}`).catch(skipDamaged))?.value;
  }

  /** Every reference in use, without reading the records: those set aside as damaged are still taken. */
  async references(): Promise<string[]> {
    return [...(await this.store.list('practices')), ...((await this.store.listSetAside?.('practices')) ?? [])];
  }

  async put(record: PracticeRecord): Promise<void> {
    await this.store.write(`practices/${record.reference}`, record);
  }

  async list(): Promise<PracticeRecord[]> {
    const refs = await this.store.list('practices');
    const all = await Promise.all(refs.map((r) => this.get(r)));
    return all
      .filter((p): p is PracticeRecord => p !== undefined)
      .sort((a, b) => a.reference.localeCompare(b.reference));
  }
}
