import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState } from './createAppStore';
import type { ConnectionsState } from './createConnectionsStore';
import type { DevicesState } from './createDevicesStore';
import type { DiagnosticsState } from './createDiagnosticsStore';
import type { HistoryState } from './createHistoryStore';
import type { ImportState } from './createImportStore';
import type { LiveState } from './createLiveStore';
import type { NavigationState } from './createNavigationStore';
import type { Stores } from './createStores';
import type { UpdatesState } from './createUpdatesStore';

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores() needs a <StoresProvider> above it.');
  return stores;
}

export const useAppStore = <T,>(selector: (state: AppState) => T): T => useStore(useStores().app, selector);

export const useNavigation = <T,>(selector: (state: NavigationState) => T): T => useStore(useStores().navigation, selector);

export const useDiagnostics = <T,>(selector: (state: DiagnosticsState) => T): T => useStore(useStores().diagnostics, selector);

export const useConnections = <T,>(selector: (state: ConnectionsState) => T): T => useStore(useStores().connections, selector);

export const useImport = <T,>(selector: (state: ImportState) => T): T => useStore(useStores().imports, selector);

export const useDevices = <T,>(selector: (state: DevicesState) => T): T => useStore(useStores().devices, selector);

export const useLive = <T,>(selector: (state: LiveState) => T): T => useStore(useStores().live, selector);

export const useHistory = <T,>(selector: (state: HistoryState) => T): T => useStore(useStores().history, selector);

export const useUpdates = <T,>(selector: (state: UpdatesState) => T): T => useStore(useStores().updates, selector);
