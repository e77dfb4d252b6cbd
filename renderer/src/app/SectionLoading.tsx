import { Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { StatusBadge } from '../components/StatusBadge';
import { useTitleFocusHandOver } from './useTitleFocusHandOver';
import './SectionLoading.css';

/**
 * What a section shows while its code loads (the first time it is opened, if it was not
 * preloaded): its own heading where the page's will be, and the wait in words.
 */
export function SectionLoading({ label }: { label: string }) {
  useTitleFocusHandOver();
  return (
    <Page title={label}>
      <Panel fill>
        <p className="section-loading" role="status">
          <StatusBadge tone="progress">Loading {label}…</StatusBadge>
        </p>
      </Panel>
    </Page>
  );
}
