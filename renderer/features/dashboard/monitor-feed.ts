import type { MonitorWindow } from '../../../shared/channels/monitor';
import { call, kb, KbError } from '../../api/kb';
import { LIMITS, useMonitorStore } from '../../stores/monitor-store';

/** How stale the per-channel table may get; refreshed on the next sample after this. */
const CHANNEL_STATS_MAX_AGE_MS = 5_000;

const messageOf = (error: unknown) => (error instanceof KbError ? error.message : String(error));

function report(error: unknown): void {
  useMonitorStore.getState().setError(messageOf(error));
}

/**
 * Connects the monitor store to the core: one snapshot for the last hour, the alerts and the
 * rules, then the `monitor.sample` and `monitor.alert` events. No timers: the per-channel
 * statistics are refreshed on an incoming sample once they are a few seconds old.
 * Returns the disconnect function.
 */
export function startMonitorFeed(): () => void {
  const store = useMonitorStore.getState();
  let channelsFetchedAt = 0;
  let channelsInFlight = false;

  const refreshChannels = () => {
    channelsInFlight = true;
    channelsFetchedAt = Date.now();
    call('app.channelStats').then(
      (channels) => useMonitorStore.getState().setChannels(channels),
      report,
    ).finally(() => (channelsInFlight = false));
  };

  const unsubscribeSample = kb.subscribe('monitor.sample', (sample) => {
    useMonitorStore.getState().ingestSample(sample);
    if (!channelsInFlight && Date.now() - channelsFetchedAt >= CHANNEL_STATS_MAX_AGE_MS) refreshChannels();
  });
  const unsubscribeAlert = kb.subscribe('monitor.alert', (event) => useMonitorStore.getState().ingestAlert(event));

  call('monitor.snapshot', { window: '1h', maxPoints: LIMITS.recentPoints }).then((snapshot) => {
    const state = useMonitorStore.getState();
    state.setRecentHistory(snapshot.history);
    state.setChannels(snapshot.channels);
    channelsFetchedAt = Date.now();
    if (snapshot.latest && !state.latest) state.ingestSample(snapshot.latest);
    state.setError(null);
  }, report);
  call('monitor.alerts').then((alerts) => useMonitorStore.getState().setAlerts(alerts), report);
  call('monitor.rules.get').then((rules) => useMonitorStore.getState().setRules(rules), report);
  if (store.window === '24h') loadDaily();

  return () => {
    unsubscribeSample();
    unsubscribeAlert();
  };
}

function loadDaily(): void {
  call('monitor.snapshot', { window: '24h', maxPoints: LIMITS.dailyPoints }).then(
    (snapshot) => useMonitorStore.getState().setDailyHistory(snapshot.history),
    report,
  );
}

/** Switches the charts' window; the 24 h window reads the minute aggregates from the core. */
export function selectWindow(window: MonitorWindow): void {
  const state = useMonitorStore.getState();
  state.setWindow(window);
  if (window === '24h') loadDaily();
}
