import type { Outbox } from './ports.js';
import type { PracticeRecord } from './practice.js';

export const FORWARD_KIND = 'forward';
export interface ForwardPayload {
  reference: string;
  status: string;
  version: number;
}

/**
 * Queues the practice for the Secretariat's own repository endpoint, when one is configured: one item per
 * status of each version, so a retry or a double click never forwards the same change twice.
 */
export async function queueForward(outbox: Outbox, record: PracticeRecord, now: Date): Promise<void> {
  await outbox.enqueue<ForwardPayload>(
    {
      id: `forward-${record.reference}-v${record.version}-${record.status}`,
      kind: FORWARD_KIND,
      payload: { reference: record.reference, status: record.status, version: record.version },
    },
    now,
  );
}
