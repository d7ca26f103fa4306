import { Notification } from 'electron';
import type { EventHub } from '../core/api/event-hub';

/** A desktop notification each time a monitor alert fires. */
export function notifyOnAlerts(events: EventHub): () => void {
  return events.subscribe('monitor.alert', ({ state, alert }) => {
    if (state !== 'fired' || !Notification.isSupported()) return;
    new Notification({ title: 'Smart Knowledge Repository: resource alert', body: alert.message }).show();
  });
}
