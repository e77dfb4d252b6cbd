import type { DeviceOwner } from '../../../../common/devices-view';
import { Button } from '../../components/Button';
import { ArrowRightIcon } from '../../components/Icon';
import { useDevices } from '../../store/StoresContext';

export interface OwnerLinkProps {
  owner: DeviceOwner;
  /** Edits not saved yet: leaving for the owner's devices drops them, so it says so. */
  unsaved: boolean;
  onShowDevices: (ownerId: string) => void;
}

/** Only a callflow rings anything: a presence ID alone is what their phones show, not a number to dial. */
const extensionWords = (number: string, ringsTheirPhones: boolean): string =>
  ringsTheirPhones ? ` · extension ${number} (rings their phones)` : ` · presence ID ${number} (no callflow rings it)`;

/**
 * The owner as a technician follows them: their extension (main's resolution, as the list shows
 * it on their phones: their callflow, else their presence ID) and the way to all their devices,
 * which closes the editor and filters the Devices list to that owner.
 */
export function OwnerLink({ owner, unsaved, onShowDevices }: OwnerLinkProps) {
  const devices = useDevices((state) => state.snapshot?.devices);
  const theirs = devices?.filter((device) => device.ownerId === owner.id) ?? [];
  const resolved = theirs.find((device) => device.extensionSource === 'owner_callflow' || device.extensionSource === 'owner');
  return (
    <div className="device-editor__owner-link">
      <p>
        <span className="device-editor__owner-name">{owner.name}</span>
        {resolved?.extension ? extensionWords(resolved.extension, resolved.extensionSource === 'owner_callflow') : null}
      </p>
      <Button size="sm" icon={<ArrowRightIcon />} onClick={() => onShowDevices(owner.id)}>
        Show {owner.name}’s devices ({theirs.length.toLocaleString()})
      </Button>
      {unsaved ? <p className="device-editor__owner-hint">Your unsaved changes here are dropped.</p> : null}
    </div>
  );
}
