import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createAudianApi } from './api';

// Sandboxed preload: this file is bundled into one CommonJS file with everything it imports.
contextBridge.exposeInMainWorld(
  'audian',
  createAudianApi({
    invoke: (channel, input) => ipcRenderer.invoke(channel, input),
    subscribe: (event, listener) => {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(event, forward);
      return () => {
        ipcRenderer.off(event, forward);
      };
    },
  }),
);
