import { createHmac } from 'node:crypto';
import type { ForwardPayload } from '../../dialogs/core/forwarding.js';
import type { OutboxItem } from '../../storage/repositories/outbox.js';
import type { PracticeRepository } from '../../storage/repositories/practices.js';
import { NoAnswerError, SEND_TIMEOUT_MS } from './proactive.js';

export const SIGNATURE_HEADER = 'x-mesicic-signature';
export const DELIVERY_HEADER = 'x-mesicic-delivery';

/** "sha256=<hex>" over the exact body bytes, so the receiver can check the sender holds the shared secret. */
export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * POSTs each submission and status change, as JSON, to the Secretariat's own repository endpoint (for example a
 * Power Automate HTTP trigger). The delivery id lets the receiver drop a repeat after a retry.
 */
export function forwarder(options: { url: string; secret: string; practices: PracticeRepository; timeoutMs?: number }) {
  const timeoutMs = options.timeoutMs ?? SEND_TIMEOUT_MS;
  return async (item: OutboxItem, signal?: AbortSignal): Promise<void> => {
    const { reference, status, version } = item.payload as ForwardPayload;
    const record = await options.practices.get(reference);
    if (!record) throw Object.assign(new Error(`Practice ${reference} not found`), { statusCode: 404 });
    const body = JSON.stringify({ event: { status, version, deliveryId: item.id }, practice: record });
    // Bounded like every send, and cut when the outbox gives up (the receiver dedupes a repeat by the delivery id).
    const timeout = AbortSignal.timeout(timeoutMs);
    const bound = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const res = await fetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: sign(body, options.secret),
          [DELIVERY_HEADER]: item.id,
        },
        body,
        signal: bound,
      });
      await res.arrayBuffer();
      if (!res.ok)
        throw Object.assign(new Error(`Forwarding answered ${res.status}`), {
          statusCode: res.status,
          response: { headers: res.headers },
        });
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) throw new NoAnswerError(timeoutMs);
      throw err;
    }
  };
}
