import { useCall } from '../../components/useCall';

export function LibraryView() {
  const stats = useCall('library.stats');
  return (
    <section aria-labelledby="library-title">
      <h1 id="library-title">Library</h1>
      {stats.status === 'loading' && <p>Loading…</p>}
      {stats.status === 'error' && <p role="alert">{stats.message}</p>}
      {stats.status === 'done' &&
        (stats.value.documents === 0 ? (
          <div className="empty">
            <p>Your library is empty.</p>
            <p>Drop files or folders anywhere in this window to add them.</p>
          </div>
        ) : (
          <p>
            {stats.value.documents} documents, {stats.value.notes} notes, {stats.value.tags} tags
          </p>
        ))}
    </section>
  );
}
