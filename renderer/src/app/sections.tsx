import type { ComponentType } from 'react';
import { DeskPhoneIcon, HistoryIcon, ImportIcon, PlugIcon, PulseIcon, type IconProps } from '../components/Icon';
import { ConnectPage } from '../features/connect/ConnectPage';
import { DevicesPage } from '../features/devices/DevicesPage';
import { HistoryPage } from '../features/history/HistoryPage';
import { ImportPage } from '../features/import/ImportPage';
import { LivePage } from '../features/live/LivePage';
import type { SectionId } from '../store/createNavigationStore';

export interface SectionDefinition {
  label: string;
  Icon: ComponentType<IconProps>;
  Page: ComponentType;
}

/** What each section is called, its icon and its page; the rail shows them in `sectionIds` order. */
export const sections: Record<SectionId, SectionDefinition> = {
  connect: { label: 'Connect', Icon: PlugIcon, Page: ConnectPage },
  devices: { label: 'Devices', Icon: DeskPhoneIcon, Page: DevicesPage },
  import: { label: 'Import', Icon: ImportIcon, Page: ImportPage },
  live: { label: 'Live', Icon: PulseIcon, Page: LivePage },
  history: { label: 'History', Icon: HistoryIcon, Page: HistoryPage },
};
