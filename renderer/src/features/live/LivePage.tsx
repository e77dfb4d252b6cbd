import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { DeskPhoneIcon, ImportIcon, PulseIcon } from '../../components/Icon';
import { Page } from '../../components/Page';
import { Panel } from '../../components/Panel';
import { useNavigation } from '../../store/StoresContext';

export function LivePage() {
  const go = useNavigation((state) => state.go);
  return (
    <Page title="Live" description="Watch phones register as they come online on site.">
      <Panel fill>
        <EmptyState
          icon={<PulseIcon size="xl" />}
          title="Nothing to watch yet"
          actions={
            <>
              <Button variant="primary" icon={<ImportIcon />} onClick={() => go('import')}>
                Go to Import
              </Button>
              <Button icon={<DeskPhoneIcon />} onClick={() => go('devices')}>
                Go to Devices
              </Button>
            </>
          }
        >
          Import or select devices to watch them register. Each phone shows here as registered or not, with when it was last seen.
        </EmptyState>
      </Panel>
    </Page>
  );
}
