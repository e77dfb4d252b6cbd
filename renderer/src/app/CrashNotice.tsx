import { useState } from 'react';
import { Button } from '../components/Button';
import { Dialog } from '../components/Dialog';
import { TechnicalDetails } from '../components/TechnicalDetails';
import { useAppStore } from '../store/StoresContext';
import './CrashNotice.css';

type CopyState = 'idle' | 'copied' | 'failed';

const copyWords: Record<CopyState, string> = {
  idle: '',
  copied: 'Details copied. Paste them into your message to support.',
  failed: 'Could not copy: open Details below and copy the text by hand.',
};

/** Shown when main caught an error nothing else did: calm words, the details for support, and a restart. */
export function CrashNotice() {
  const crash = useAppStore((state) => state.crash);
  const restart = useAppStore((state) => state.restart);
  const dismissCrash = useAppStore((state) => state.dismissCrash);
  const restartApp = useAppStore((state) => state.restartApp);
  const [copy, setCopy] = useState<CopyState>('idle');

  const copyDetails = async () => {
    if (!crash) return;
    try {
      await navigator.clipboard.writeText(crash.details);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  };
  const close = () => {
    setCopy('idle');
    dismissCrash();
  };

  return (
    <Dialog open={crash !== null} onClose={close} title="Something went wrong in the app">
      {crash ? (
        <div className="crash-notice">
          <p>
            The app ran into an error it did not expect. Your work is safe: every batch saves each step as it goes, and one that was running
            can be resumed after a restart.
          </p>
          <p className="crash-notice__message">{crash.message}</p>
          <TechnicalDetails detail={crash.details} />
          <div className="crash-notice__actions">
            <Button variant="primary" data-autofocus busy={restart.status === 'restarting'} onClick={() => void restartApp()}>
              Restart
            </Button>
            <Button onClick={() => void copyDetails()}>Copy details</Button>
          </div>
          <p className="crash-notice__status" aria-live="polite">
            {restart.status === 'failed' ? restart.error.message : copyWords[copy]}
          </p>
        </div>
      ) : null}
    </Dialog>
  );
}
