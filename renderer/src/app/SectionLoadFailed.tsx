import { LoadFailed } from '../components/LoadFailed';
import { Page } from '../components/Page';
import { focusPageTitle, useTitleFocusHandOver } from './useTitleFocusHandOver';

/**
 * A section whose code could not be loaded: its heading, so the rest of the window stays as it
 * is, and Retry. Retry leaves the focus on the heading, which hands it on to the loading page's.
 */
export function SectionLoadFailed({ label, onRetry }: { label: string; onRetry: () => void }) {
  useTitleFocusHandOver();
  return (
    <Page title={label}>
      <LoadFailed
        what={label}
        onRetry={() => {
          focusPageTitle();
          onRetry();
        }}
      />
    </Page>
  );
}
