import type { AudianApi } from '../../../common/ipc/api';
import { createAppStore, type AppStore } from './createAppStore';
import { createConnectionsStore, type ConnectionsStore } from './createConnectionsStore';
import { createDevicesStore, type DevicesStore } from './createDevicesStore';
import { createDiagnosticsStore, type DiagnosticsStore } from './createDiagnosticsStore';
import { createHistoryStore, type HistoryStore } from './createHistoryStore';
import { createImportStore, type ImportStore } from './createImportStore';
import { createLiveStore, type LiveStore } from './createLiveStore';
import { createNavigationStore, type NavigationStore } from './createNavigationStore';
import { createUpdatesStore, type UpdatesStore } from './createUpdatesStore';
import { windowLiveBrowser } from './liveBrowser';

export interface Stores {
  app: AppStore;
  navigation: NavigationStore;
  diagnostics: DiagnosticsStore;
  connections: ConnectionsStore;
  imports: ImportStore;
  devices: DevicesStore;
  live: LiveStore;
  history: HistoryStore;
  updates: UpdatesStore;
}

/** Every store the renderer needs, built over one API: window.audian in the app, a real bridge in tests. */
export function createStores(api: AudianApi): Stores {
  const navigation = createNavigationStore();
  const connections = createConnectionsStore(api);
  return {
    app: createAppStore(api),
    navigation,
    diagnostics: createDiagnosticsStore(api),
    connections,
    imports: createImportStore(api),
    devices: createDevicesStore(api),
    live: createLiveStore(api, { connections, navigation }, windowLiveBrowser()),
    history: createHistoryStore(api),
    updates: createUpdatesStore(api),
  };
}
