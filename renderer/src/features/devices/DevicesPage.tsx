import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ArrowRightIcon, DeskPhoneIcon } from '../../components/Icon';
import { Page } from '../../components/Page';
import { Panel } from '../../components/Panel';
import { useNavigation } from '../../store/StoresContext';

export function DevicesPage() {
  const go = useNavigation((state) => state.go);
  return (
    <Page title="Devices" description="Find a phone by name, extension or MAC address, and fix its settings.">
      <Panel fill>
        <EmptyState
          icon={<DeskPhoneIcon size="xl" />}
          title="No account connected"
          actions={
            <Button variant="primary" icon={<ArrowRightIcon />} onClick={() => go('connect')}>
              Go to Connect
            </Button>
          }
        >
          Connect to an account to see its devices.
        </EmptyState>
      </Panel>
    </Page>
  );
}
