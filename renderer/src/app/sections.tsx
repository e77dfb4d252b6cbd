import type { ComponentType } from 'react';
import { DeskPhoneIcon, HistoryIcon, ImportIcon, PlugIcon, PulseIcon, type IconProps } from '../components/Icon';
import { lazyAfterStrictCsp } from '../components/lazyAfterStrictCsp';
import { ConnectPage } from '../features/connect/ConnectPage';
import type { SectionId } from '../store/createNavigationStore';

export interface SectionDefinition {
  label: string;
  Icon: ComponentType<IconProps>;
  Page: ComponentType;
  /** Starts loading the page's code, so that opening the section shows it without a wait. */
  preload: () => void;
}

/** A section whose page is a chunk of its own: the first screen carries none of the tables, the import and their libraries. */
function lazySection(label: string, Icon: ComponentType<IconProps>, load: () => Promise<ComponentType>): SectionDefinition {
  const { Component, preload } = lazyAfterStrictCsp(load);
  return { label, Icon, Page: Component, preload };
}

/**
 * What each section is called, its icon and its page; the rail shows them in `sectionIds` order.
 * Connect is the first screen, with or without a saved connection, so it comes with the frame.
 */
export const sections: Record<SectionId, SectionDefinition> = {
  connect: { label: 'Connect', Icon: PlugIcon, Page: ConnectPage, preload: () => {} },
  devices: lazySection('Devices', DeskPhoneIcon, () => import('../features/devices/DevicesPage').then((page) => page.DevicesPage)),
  import: lazySection('Import', ImportIcon, () => import('../features/import/ImportPage').then((page) => page.ImportPage)),
  live: lazySection('Live', PulseIcon, () => import('../features/live/LivePage').then((page) => page.LivePage)),
  history: lazySection('History', HistoryIcon, () => import('../features/history/HistoryPage').then((page) => page.HistoryPage)),
};
