import { useMemo, useState } from 'react';
import type { DeviceOwner } from '../../../../common/devices-view';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';

/** Options the owner list shows at most; the search narrows an account with thousands of users. */
const MAX_OWNER_OPTIONS = 200;

export interface OwnerPickerProps {
  users: readonly DeviceOwner[];
  ownerId: string | null;
  onChange: (ownerId: string | null) => void;
  error: string | undefined;
}

/** The device's owner: a search by name, username or email, and the list it narrows (the current owner always in it). */
export function OwnerPicker({ users, ownerId, onChange, error }: OwnerPickerProps) {
  const [search, setSearch] = useState('');

  const options = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const matches = users.filter(
      (user) => !needle || [user.name, user.username ?? '', user.email ?? ''].some((text) => text.toLowerCase().includes(needle)),
    );
    const current = users.find((user) => user.id === ownerId);
    if (current && !matches.includes(current)) matches.unshift(current);
    return [
      { value: '', label: 'No owner' },
      ...matches
        .slice(0, MAX_OWNER_OPTIONS)
        .map((user) => ({ value: user.id, label: user.email ? `${user.name} (${user.email})` : user.name })),
    ];
  }, [users, search, ownerId]);

  return (
    <div className="device-editor__owner">
      <TextField
        label="Find owner (name, username or email)"
        type="search"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <SelectField label="Owner" options={options} value={ownerId ?? ''} onChange={(value) => onChange(value || null)} />
      {error ? <p className="device-editor__error">{error}</p> : null}
    </div>
  );
}
