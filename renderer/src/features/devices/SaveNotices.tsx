import { useEffect, useRef } from 'react';
import type { DeviceOwner } from '../../../../common/devices-view';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ConflictNotice } from './ConflictNotice';
import type { SaveState } from './useDeviceEditor';

export interface SaveNoticesProps {
  save: SaveState;
  creating: boolean;
  users: readonly DeviceOwner[];
  onKeepMine: () => void;
  onUseTheirs: () => void;
  onRecreate: () => void;
  /** Closes the editor and re-reads the list, after a deletion by someone else. */
  onLetGo: () => void;
}

/** Why the last save did not go through, above the fields: a conflict, a deletion meanwhile, fields to fix, or another failure. */
export function SaveNotices({ save, creating, users, onKeepMine, onUseTheirs, onRecreate, onLetGo }: SaveNoticesProps) {
  const ref = useRef<HTMLDivElement>(null);

  // The dialog keeps its scroll, so bring a new notice into view.
  useEffect(() => {
    if (save.status === 'conflict' || save.status === 'failed') ref.current?.scrollIntoView({ block: 'nearest' });
  }, [save.status]);

  const deletedMeanwhile = save.status === 'failed' && save.error.kind === 'not_found' && !creating;

  return (
    <div ref={ref} className="device-editor__notices">
      {save.status === 'conflict' ? (
        <ConflictNotice changes={save.changes} users={users} onKeepMine={onKeepMine} onUseTheirs={onUseTheirs} />
      ) : null}
      {deletedMeanwhile ? (
        <Banner tone="warning" title="Someone deleted this device while you edited it" role="alert">
          <p>
            Nothing was saved. Create it again with the settings in this form, or let it go. A hidden SIP password is not kept: the new
            device gets a new one, and the phone needs a resync.
          </p>
          <div className="device-editor__notice-actions">
            <Button variant="primary" onClick={onRecreate}>
              Create it again
            </Button>
            <Button onClick={onLetGo}>Close and refresh the list</Button>
          </div>
        </Banner>
      ) : null}
      {save.status === 'failed' && save.error.kind !== 'validation' && !deletedMeanwhile ? (
        <ErrorNotice error={save.error} title="Not saved" />
      ) : null}
      {save.status === 'failed' && save.error.kind === 'validation' ? (
        <Banner tone="danger" role="alert" title="Not saved">
          <p>Some fields need fixing: see the messages under them.</p>
        </Banner>
      ) : null}
    </div>
  );
}
