import type { ConversationState, TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import type { StatePropertyAccessor } from 'botbuilder';
import { PRACTICE_DIALOG, PracticeDialog } from '../../dialogs/practiceDialog.js';

/** Every message goes to the practice dialog; the dialog decides what it means from the official's draft. */
export function messageHandler(dialog: PracticeDialog, conversationState: ConversationState) {
  const accessor: StatePropertyAccessor<DialogState> = conversationState.createProperty('dialogState');
  const dialogs = new DialogSet(accessor).add(dialog);
  return async (context: TurnContext): Promise<void> => {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(PRACTICE_DIALOG);
    await conversationState.saveChanges(context);
  };
}
