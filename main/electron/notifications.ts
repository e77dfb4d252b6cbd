import { BrowserWindow, Notification } from 'electron';
import type { RegistrationAlert } from '../../common/registrations';

/**
 * Registration alerts as desktop notifications. Silent: the only sound is the one the technician
 * turned on in Live. Clicking brings the window forward and asks it to show Live.
 */
export function createAlertNotifier(onClick: (alert: RegistrationAlert) => void): (alert: RegistrationAlert) => void {
  // Held until closed: a notification that is garbage-collected loses its click handler on some platforms.
  const shown = new Set<Notification>();
  return (alert) => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: alert.title, body: alert.body, silent: true });
    notification.on('click', () => {
      shown.delete(notification);
      const [window] = BrowserWindow.getAllWindows();
      if (window?.isMinimized()) window.restore();
      window?.show();
      window?.focus();
      onClick(alert);
    });
    notification.on('close', () => shown.delete(notification));
    shown.add(notification);
    notification.show();
  };
}
