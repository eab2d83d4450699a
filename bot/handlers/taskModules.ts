import type { TaskModuleResponse, TurnContext } from 'botbuilder';

/**
 * One kind of Teams dialog (task module): `fetch` answers the button that opens it (a page to load, or a card),
 * `submit` answers what the dialog sends back when it closes. The kind is the `mesicic` value of the button's data.
 */
export interface TaskKind {
  fetch(context: TurnContext, data: Record<string, unknown>): Promise<TaskModuleResponse>;
  submit?(context: TurnContext, data: Record<string, unknown>): Promise<TaskModuleResponse | undefined>;
}

export type TaskKinds = Record<string, TaskKind>;

const kindOf = (data: unknown): string | undefined => {
  if (typeof data !== 'object' || data === null) return undefined;
  const kind = (data as { mesicic?: unknown }).mesicic;
  return typeof kind === 'string' ? kind : undefined;
};

/** A dialog nobody asked for gets a short message box rather than Teams' generic "something went wrong". */
export const messageBox = (text: string): TaskModuleResponse => ({ task: { type: 'message', value: text } });

/** Routes task/fetch and task/submit to the dialog kind named in the data; holds no logic of its own. */
export function routeTaskModules(kinds: TaskKinds, unknown: (context: TurnContext) => string) {
  const find = (data: unknown) => {
    const kind = kindOf(data);
    return kind && Object.hasOwn(kinds, kind) ? kinds[kind] : undefined;
  };
  const asRecord = (data: unknown) => data as Record<string, unknown>;
  return {
    async fetch(context: TurnContext, data: unknown): Promise<TaskModuleResponse> {
      const kind = find(data);
      return kind ? kind.fetch(context, asRecord(data)) : messageBox(unknown(context));
    },
    async submit(context: TurnContext, data: unknown): Promise<TaskModuleResponse> {
      const kind = find(data);
      if (!kind) return messageBox(unknown(context));
      // An empty answer closes the dialog: Teams accepts a 200 with no task.
      return (await kind.submit?.(context, asRecord(data))) ?? {};
    },
  };
}
