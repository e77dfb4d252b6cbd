import { Button } from '../../components/Button';
import { phoneActions, type PhoneActionKind } from './phoneActions';
import { RegistrationCheck } from './RegistrationCheck';

export interface OnSiteSectionProps {
  device: { id: string; name: string };
  onAction: (kind: PhoneActionKind, device: { id: string; name: string }) => void;
}

/** The phone itself: whether it is registered now, and the actions a technician takes on site. */
export function OnSiteSection({ device, onAction }: OnSiteSectionProps) {
  return (
    <fieldset className="device-editor__section">
      <legend>On site</legend>
      <RegistrationCheck deviceId={device.id} />
      <div className="device-editor__actions-row">
        {phoneActions.map(({ kind, label }) => (
          <Button key={kind} size="sm" onClick={() => onAction(kind, device)}>
            {label}
          </Button>
        ))}
      </div>
    </fieldset>
  );
}
