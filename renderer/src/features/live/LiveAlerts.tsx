import { useCallback, useEffect, useRef, useState, type FocusEvent } from 'react';
import type { RegistrationAlert } from '../../../../common/registrations';
import { Button } from '../../components/Button';
import { formatTime } from '../../components/formatWhen';
import { CheckCircleIcon, CloseIcon, PulseIcon, WarningIcon } from '../../components/Icon';
import { useLive, useNavigation } from '../../store/StoresContext';
import { playAlertSound } from './alertSound';
import './LiveAlerts.css';

/** How long an alert stays once nobody points at it or has focus in it: time to read two sentences. */
const ALERT_SHOWN_MS = 8000;

/**
 * Registration alerts whatever page is open: the in-app side of the desktop notification (and
 * the only one in the browser preview). They sit in the frame's own row under the page, so they
 * never cover a table, are read out by screen readers as they come (a polite live region), and
 * go away by themselves: the states they tell of stay shown in the Live view.
 */
export function LiveAlerts() {
  const alerts = useLive((state) => state.alerts);
  const sound = useLive((state) => state.sound);
  const heard = useRef(new Set<string>());

  useEffect(() => {
    for (const alert of alerts) {
      if (heard.current.has(alert.id)) continue;
      heard.current.add(alert.id);
      if (sound) playAlertSound(alert.kind);
    }
  }, [alerts, sound]);

  return (
    <div className="live-alerts" role="status" aria-live="polite" aria-label="Registration alerts">
      {alerts.map((alert) => (
        <AlertToast key={alert.id} alert={alert} />
      ))}
    </div>
  );
}

/** One alert: it leaves ALERT_SHOWN_MS after it came, the clock held while the pointer or focus is on it. */
function AlertToast({ alert }: { alert: RegistrationAlert }) {
  const dismissAlert = useLive((state) => state.dismissAlert);
  const section = useNavigation((state) => state.section);
  const go = useNavigation((state) => state.go);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const dismiss = useCallback(() => dismissAlert(alert.id), [dismissAlert, alert.id]);

  useEffect(() => {
    if (hovered || focused) return undefined;
    const timer = window.setTimeout(dismiss, ALERT_SHOWN_MS);
    return () => window.clearTimeout(timer);
  }, [hovered, focused, dismiss]);

  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget)) setFocused(false);
  };

  return (
    <div
      className={`live-alerts__toast live-alerts__toast--${alert.kind}`}
      onPointerEnter={() => setHovered(true)}
      onPointerLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={onBlur}
    >
      <span className="live-alerts__icon">{alert.kind === 'batch_complete' ? <CheckCircleIcon /> : <WarningIcon />}</span>
      <div className="live-alerts__text">
        <p className="live-alerts__title">{alert.title}</p>
        <p className="live-alerts__body">{alert.body}</p>
        <div className="live-alerts__footer">
          <time className="live-alerts__time" dateTime={alert.at}>
            {formatTime(alert.at)}
          </time>
          {section !== 'live' ? (
            <Button size="sm" icon={<PulseIcon />} onClick={() => go('live')}>
              Show in Live
            </Button>
          ) : null}
        </div>
      </div>
      <Button size="sm" variant="ghost" icon={<CloseIcon />} aria-label={`Dismiss: ${alert.title}`} onClick={dismiss} />
    </div>
  );
}
