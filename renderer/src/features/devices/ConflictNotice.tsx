import type { DeviceOwner, EditorField, FieldChange } from '../../../../common/devices-view';
import { Banner } from '../../components/Banner';
import { Button } from '../../components/Button';
import { fieldWords } from './deviceWords';

export interface ConflictNoticeProps {
  changes: readonly FieldChange[];
  users: readonly DeviceOwner[];
  onKeepMine: () => void;
  onUseTheirs: () => void;
}

/** Someone changed the device while it was being edited: both versions of each field side by side, and the way out either way. */
export function ConflictNotice({ changes, users, onKeepMine, onUseTheirs }: ConflictNoticeProps) {
  /** A value as the form shows it: owners by name, enabled in words. */
  const valueWords = (field: EditorField, value: string | null): string => {
    if (value === null) return field === 'owner_id' ? 'No owner' : '(empty)';
    if (field === 'enabled') return value === 'true' ? 'Enabled' : 'Disabled';
    if (field === 'owner_id') return users.find((user) => user.id === value)?.name ?? 'A user this account no longer has';
    return value;
  };

  return (
    <Banner tone="warning" title="Someone changed this device while you edited it" role="alert">
      <p>Nothing was saved. Compare the changes, then keep yours or take theirs.</p>
      <table className="device-editor__conflict">
        <caption className="visually-hidden">Fields changed on the server</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Yours</th>
            <th scope="col">Theirs</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.field}>
              <th scope="row">{fieldWords[change.field]}</th>
              <td>{valueWords(change.field, change.yours)}</td>
              <td>{valueWords(change.field, change.theirs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="device-editor__notice-actions">
        <Button variant="primary" onClick={onKeepMine}>
          Keep mine (save anyway)
        </Button>
        <Button onClick={onUseTheirs}>Use theirs (reload)</Button>
      </div>
    </Banner>
  );
}
