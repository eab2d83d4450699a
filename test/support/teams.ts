import type { Activity } from 'botbuilder';

let seq = 0;

/** A message shaped as Teams sends it to /api/messages: AAD object id, tenant, personal conversation, locale. */
export function teamsMessage(o: { serviceUrl: string; aad: string; text: string; name?: string; locale?: string; conversation?: string }): Partial<Activity> {
  return {
    type: 'message',
    id: `msg-${++seq}-${Date.now()}`,
    timestamp: new Date().toISOString() as unknown as Date,
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    locale: o.locale ?? 'es-419',
    text: o.text,
    from: { id: `29:${o.aad}`, name: o.name ?? 'Funcionaria', aadObjectId: o.aad },
    recipient: { id: '28:mesicic-bot', name: 'MESICIC' },
    conversation: { id: o.conversation ?? `a:personal-${o.aad}`, conversationType: 'personal', tenantId: 'tenant-1', isGroup: false, name: '' },
    channelData: { tenant: { id: 'tenant-1' } },
  };
}

export async function post(botUrl: string, activity: Partial<Activity>): Promise<number> {
  const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  await res.arrayBuffer();
  return res.status;
}
