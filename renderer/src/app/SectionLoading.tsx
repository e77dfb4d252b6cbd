import { useLayoutEffect } from 'react';
import { Page } from '../components/Page';
import { Panel } from '../components/Panel';
import { StatusBadge } from '../components/StatusBadge';
import './SectionLoading.css';

const TITLE_ID = 'page-title';

/**
 * What a section shows while its code loads (the first time it is opened, if it was not
 * preloaded): its own heading where the page's will be, and the wait in words.
 */
export function SectionLoading({ label }: { label: string }) {
  // A section switch focuses the heading, which may be this one; the page replaces it in the same
  // commit, so its heading takes the focus over rather than leaving it on nothing.
  useLayoutEffect(
    () => () => {
      if (document.activeElement?.id !== TITLE_ID) return;
      queueMicrotask(() => document.getElementById(TITLE_ID)?.focus());
    },
    [],
  );
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
