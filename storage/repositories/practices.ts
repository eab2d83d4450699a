import type { PracticeRecord } from '../../dialogs/core/practice.js';
import type { DocumentStore } from '../ports.js';

/** The Secretariat's repository: one document per practice, named by its reference. */
export class PracticeRepository {
  constructor(private readonly store: DocumentStore) {}

  async get(reference: string): Promise<PracticeRecord | undefined> {
    return (await this.store.read<PracticeRecord>(`practices/${reference}`))?.value;
  }

  async put(record: PracticeRecord): Promise<void> {
    await this.store.write(`practices/${record.reference}`, record);
  }

  async list(): Promise<PracticeRecord[]> {
    const refs = await this.store.list('practices');
    const all = await Promise.all(refs.map((r) => this.get(r)));
    return all.filter((p): p is PracticeRecord => p !== undefined).sort((a, b) => a.reference.localeCompare(b.reference));
  }
}
