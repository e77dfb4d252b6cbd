import type { AudianApi } from '../../../common/ipc/api';
import { createAppStore, type AppStore } from './createAppStore';
import { createConnectionsStore, type ConnectionsStore } from './createConnectionsStore';
import { createDevicesStore, type DevicesStore } from './createDevicesStore';
import { createDiagnosticsStore, type DiagnosticsStore } from './createDiagnosticsStore';
import { createImportStore, type ImportStore } from './createImportStore';
import { createNavigationStore, type NavigationStore } from './createNavigationStore';

export interface Stores {
  app: AppStore;
  navigation: NavigationStore;
  diagnostics: DiagnosticsStore;
  connections: ConnectionsStore;
  imports: ImportStore;
  devices: DevicesStore;
}

/** Every store the renderer needs, built over one API: window.audian in the app, a real bridge in tests. */
export function createStores(api: AudianApi): Stores {
  return {
    app: createAppStore(api),
    navigation: createNavigationStore(),
    diagnostics: createDiagnosticsStore(api),
    connections: createConnectionsStore(api),
    imports: createImportStore(api),
    devices: createDevicesStore(api),
  };
}
