import type { Activity } from 'botbuilder';
import { unescapeCardText } from '../../dialogs/cards/escape.js';

type Node = Record<string, unknown>;

function walk(node: unknown, out: string[]): void {
  if (Array.isArray(node)) return node.forEach((n) => walk(n, out));
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(unescapeCardText(n.text));
  if (n.type === 'FactSet' && Array.isArray(n.facts))
    for (const f of n.facts as Node[]) out.push(`${String(f.title)}: ${unescapeCardText(String(f.value))}`);
  for (const key of ['body', 'items', 'columns']) if (key in n) walk(n[key], out);
}

/** What a person sees in a message: its text, then every text block and fact of its Adaptive Cards, in order. */
export function visibleText(activity: Partial<Activity>): string {
  const out: string[] = activity.text ? [activity.text] : [];
  for (const a of activity.attachments ?? [])
    if (a.contentType === 'application/vnd.microsoft.card.adaptive') walk(a.content, out);
  return out.join('\n');
}

/** The Adaptive Card of a message, if it has one. */
export function cardOf(activity: Partial<Activity>): Node | undefined {
  return (activity.attachments ?? []).find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    ?.content as Node | undefined;
}
