import { createStore } from 'zustand/vanilla';

/** The app's sections in rail order; Ctrl/Cmd+1..5 follow this order. */
export const sectionIds = ['connect', 'devices', 'import', 'live', 'history'] as const;
export type SectionId = (typeof sectionIds)[number];

export interface NavigationState {
  section: SectionId;
  go: (section: SectionId) => void;
}

/** Which section is showing. A store rather than a router: the app has five fixed places and no URLs to share. */
export const createNavigationStore = (initial: SectionId = 'connect') =>
  createStore<NavigationState>()((set) => ({
    section: initial,
    go: (section) => set({ section }),
  }));

export type NavigationStore = ReturnType<typeof createNavigationStore>;
