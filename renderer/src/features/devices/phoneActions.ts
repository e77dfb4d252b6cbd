/** What a technician can do to a phone on site, from its row menu or its editor. */
export type PhoneActionKind = 'resync' | 'reboot' | 'call' | 'duplicate';

/** The actions in the order menus list them, as they are named there: "…" where a dialog asks first. */
export const phoneActions: readonly { kind: PhoneActionKind; label: string }[] = [
  { kind: 'resync', label: 'Resync' },
  { kind: 'reboot', label: 'Reboot…' },
  { kind: 'call', label: 'Test call…' },
  { kind: 'duplicate', label: 'Duplicate…' },
];
