export { Monitor, MIN_INTERVAL_MS, MAX_INTERVAL_MS } from './monitor';
export type {
  MonitorOptions,
  MonitorSources,
  WorkerInfo,
  ExtraProcessInfo,
  ReportData,
} from './monitor';
export { SqliteAggregateStore, openAggregateStore, type AggregateStore } from './aggregate-store';
export { buildReport } from './report';
export { renderPrometheus } from './prometheus';
export { toCsv, toJson } from './sample-export';
export { processesFromAppMetrics, type AppMetricLike } from './electron-metrics';
