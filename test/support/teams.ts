import type { Activity } from 'botbuilder';

let seq = 0;

export interface TeamsMessage {
  serviceUrl: string;
  aad: string;
  text: string;
  name?: string;
  locale?: string;
  conversation?: string;
  /** The sender's tenant, which Teams puts both in channelData and on the conversation ('tenant-1' unless told). */
  tenant?: string;
}

/** A message shaped as Teams sends it to /api/messages: AAD object id, tenant, personal conversation, locale. */
export function teamsMessage(options: TeamsMessage): Partial<Activity> {
  const tenant = options.tenant ?? 'tenant-1';
  return {
    type: 'message',
    id: `msg-${++seq}-${Date.now()}`,
    timestamp: new Date().toISOString() as unknown as Date,
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    locale: options.locale ?? 'es-419',
    text: options.text,
    from: { id: `29:${options.aad}`, name: options.name ?? 'Funcionaria', aadObjectId: options.aad },
    recipient: { id: '28:mesicic-bot', name: 'MESICIC' },
    conversation: {
      id: options.conversation ?? `a:personal-${options.aad}`,
      conversationType: 'personal',
      tenantId: tenant,
      isGroup: false,
      name: '',
    },
    channelData: { tenant: { id: tenant } },
  };
}

export async function post(botUrl: string, activity: Partial<Activity>): Promise<number> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await res.arrayBuffer();
  return res.status;
}
