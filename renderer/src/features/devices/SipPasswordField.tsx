import { useState } from 'react';
import { Button } from '../../components/Button';
import { KeyIcon } from '../../components/Icon';
import { TextField } from '../../components/TextField';
import { fieldWords } from './deviceWords';
import { generatePassword } from './editorValues';

export interface SipPasswordFieldProps {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  creating: boolean;
  /** Whether the device has a password saved on the server, which stays hidden until asked for. */
  hasSaved: boolean;
  /** Reads the saved password into the field; resolves to whether it could. */
  onReveal: () => Promise<boolean>;
}

/** The SIP password: hidden until the technician asks to see it, or replaced by a generated one. */
export function SipPasswordField({ value, onChange, error, creating, hasSaved, onReveal }: SipPasswordFieldProps) {
  const [shown, setShown] = useState(creating);
  const [revealing, setRevealing] = useState(false);
  const hidden = !creating && hasSaved && !shown;

  const reveal = async () => {
    setRevealing(true);
    const revealed = await onReveal();
    setRevealing(false);
    if (revealed) setShown(true);
  };

  return (
    <div className="device-editor__password">
      <TextField
        label={fieldWords.sip_password}
        type={shown ? 'text' : 'password'}
        mono
        value={value}
        placeholder={hidden ? 'Saved (hidden)' : undefined}
        onChange={(event) => onChange(event.target.value)}
        error={error}
        hint={creating ? 'Leave empty to let the server choose one.' : 'Leave as is to keep the current password.'}
        autoComplete="new-password"
        spellCheck={false}
      />
      <div className="device-editor__password-actions">
        {hidden ? (
          <Button size="sm" busy={revealing} onClick={() => void reveal()}>
            Show
          </Button>
        ) : null}
        <Button
          size="sm"
          icon={<KeyIcon />}
          onClick={() => {
            onChange(generatePassword());
            setShown(true);
          }}
        >
          Generate
        </Button>
      </div>
    </div>
  );
}
