import path from 'node:path';
import type { App, Dialog } from 'electron';
import type { ChooseSavePath } from '../support/handlers';

/** The system's save dialog, opening in Downloads with the suggested name; null when the user cancelled. */
export const saveDialog =
  (dialog: Dialog, app: App): ChooseSavePath =>
  async (suggestedName) => {
    const chosen = await dialog.showSaveDialog({
      defaultPath: path.join(app.getPath('downloads'), suggestedName),
      filters: [{ name: 'Zip archive', extensions: ['zip'] }],
    });
    return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
  };
