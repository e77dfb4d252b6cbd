import { Fragment, useEffect, useRef, type KeyboardEvent } from 'react';
import { phoneActions, type PhoneActionKind } from './phoneActions';

/** `enable`, `disable` and `delete` ask first, in the same dialog as the bulk actions. */
export type RowMenuChoice = 'edit' | PhoneActionKind | 'enable' | 'disable' | 'delete';

/** The items in order: editing, what a phone on site needs, then what takes it out of service. */
const itemsFor = (enabled: boolean): readonly { choice: RowMenuChoice; label: string; danger?: boolean; apart?: boolean }[] => [
  { choice: 'edit', label: 'Edit…' },
  ...phoneActions.map(({ kind, label }) => ({ choice: kind, label })),
  enabled ? { choice: 'disable', label: 'Disable…', apart: true } : { choice: 'enable', label: 'Enable…', apart: true },
  { choice: 'delete', label: 'Delete…', danger: true },
];

/** How many items the menu has, for placing it where it fits. */
export const ROW_MENU_ITEMS = itemsFor(true).length;

export interface RowMenuProps {
  deviceName: string;
  /** Whether the device is enabled now: the menu offers the opposite. */
  enabled: boolean;
  top: number;
  left: number;
  /** Where focus goes back when the menu closes: what opened it (the row's ⋯ button, or the table). */
  returnFocus: HTMLElement | null;
  onChoose: (choice: RowMenuChoice) => void;
  onClose: () => void;
}

/**
 * A row's actions as an ARIA menu: it takes focus on opening, arrow keys (wrapping), Home and End
 * move between items, Escape or Tab closes it and focus goes back to what opened it. A choice
 * also hands focus back first, so the dialog it opens returns focus there when it closes.
 */
export function RowMenu({ deviceName, enabled, top, left, returnFocus, onChoose, onClose }: RowMenuProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const close = () => onClose();
    window.addEventListener('pointerdown', close);
    window.addEventListener('resize', close);
    return () => {
      window.removeEventListener('pointerdown', close);
      window.removeEventListener('resize', close);
    };
  }, [onClose]);

  const closeAndReturn = () => {
    returnFocus?.focus();
    onClose();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLElement);
    const focus = (index: number) => buttons[(index + buttons.length) % buttons.length]?.focus();
    const handled: Record<string, () => void> = {
      ArrowDown: () => focus(at + 1),
      ArrowUp: () => focus(at - 1),
      Home: () => focus(0),
      End: () => focus(buttons.length - 1),
      Escape: closeAndReturn,
      Tab: closeAndReturn,
    };
    const action = handled[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  return (
    <div
      ref={ref}
      className="devices-page__menu"
      role="menu"
      aria-label={`Actions for ${deviceName}`}
      style={{ top, left }}
      onPointerDown={(event) => event.stopPropagation()}
      onKeyDown={onKeyDown}
    >
      {itemsFor(enabled).map((item) => (
        <Fragment key={item.choice}>
          {item.apart ? <div role="separator" className="devices-page__menu-separator" /> : null}
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={item.danger ? 'devices-page__menu-danger' : undefined}
            onClick={() => {
              returnFocus?.focus();
              onChoose(item.choice);
            }}
          >
            {item.label}
          </button>
        </Fragment>
      ))}
    </div>
  );
}
