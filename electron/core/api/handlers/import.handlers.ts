import type { Handlers } from '../router';
import type { IngestService } from '../../ingest';

export function importHandlers(ingest: IngestService): Pick<Handlers, 'import.start' | 'import.cancel' | 'import.retryFailed' | 'import.jobs'> {
  return {
    'import.start': ({ paths }) => ({ jobId: ingest.start(paths) }),
    'import.cancel': ({ jobId }) => ({ cancelled: ingest.cancel(jobId) }),
    'import.retryFailed': ({ jobId }) => ({ jobId: ingest.retryFailed(jobId) }),
    'import.jobs': () => ingest.jobs(),
  };
}
