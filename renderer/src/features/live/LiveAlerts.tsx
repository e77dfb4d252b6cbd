import { useEffect, useRef } from 'react';
import { Button } from '../../components/Button';
import { formatTime } from '../../components/formatWhen';
import { CheckCircleIcon, CloseIcon, PulseIcon, WarningIcon } from '../../components/Icon';
import { useLive, useNavigation } from '../../store/StoresContext';
import { playAlertSound } from './alertSound';
import './LiveAlerts.css';

/**
 * Registration alerts over whatever page is open: the in-app side of the desktop notification
 * (and the only one in the browser preview). They stay until dismissed, so none is missed.
 */
export function LiveAlerts() {
  const alerts = useLive((state) => state.alerts);
  const sound = useLive((state) => state.sound);
  const dismiss = useLive((state) => state.dismissAlert);
  const section = useNavigation((state) => state.section);
  const go = useNavigation((state) => state.go);
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
        <div key={alert.id} className={`live-alerts__toast live-alerts__toast--${alert.kind}`}>
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
          <Button size="sm" variant="ghost" icon={<CloseIcon />} aria-label={`Dismiss: ${alert.title}`} onClick={() => dismiss(alert.id)} />
        </div>
      ))}
    </div>
  );
}
