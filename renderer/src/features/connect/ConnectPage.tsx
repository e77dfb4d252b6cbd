import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { PlayIcon, PlugIcon, PlusIcon } from '../../components/Icon';
import { Page } from '../../components/Page';
import { Panel } from '../../components/Panel';

export function ConnectPage() {
  return (
    <Page title="Connect" description="Choose the Audian account you are rolling phones out on.">
      <Panel fill>
        <EmptyState
          icon={<PlugIcon size="xl" />}
          title="No connections yet"
          actions={
            <>
              <Button variant="primary" icon={<PlusIcon />} disabled>
                Add connection
              </Button>
              <Button icon={<PlayIcon />} disabled>
                Try the demo
              </Button>
            </>
          }
          note="Adding connections is not available in this build yet."
        >
          Add a connection to your Audian account, or try the built-in demo to practise without touching a real account.
        </EmptyState>
      </Panel>
    </Page>
  );
}
