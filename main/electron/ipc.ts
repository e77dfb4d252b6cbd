import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { requestChannels } from '../../common/ipc/channels';
import type { Dispatch, SenderInfo } from '../ipc/router';

export function senderOf(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): SenderInfo {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url ?? '',
    isMainFrame: frame !== null && frame.parent === null,
    webContentsId: event.sender.id,
  };
}

/** One handler per contract channel, each going through the router. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, dispatch: Dispatch): void {
  for (const channel of requestChannels) {
    ipcMain.handle(channel, (event, input: unknown) => dispatch(channel, input, senderOf(event)));
  }
}
