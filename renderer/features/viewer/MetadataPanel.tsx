import type { DocumentDetail } from '../../../shared/channels/library';
import { formatBytes, formatDateTime } from '../../components/format';
import { metadataFacts } from './metadata-facts';

/** Everything known about a document, including the importer's metadata (EXIF, page count…). */
export function MetadataPanel({ detail }: { detail: DocumentDetail }) {
  const facts: [string, string][] = [
    ['Type', detail.mime ? `${detail.type} (${detail.mime})` : detail.type],
    ['Size', formatBytes(detail.size)],
    ['Imported', formatDateTime(detail.importedAt)],
    ['Modified', formatDateTime(detail.modifiedAt)],
    // A picture or an empty file has no text to describe.
    ...((detail.noText && detail.textChars === 0
      ? []
      : [
          ['Language', detail.language ?? '—'],
          ['Passages', detail.chunkCount.toLocaleString()],
          ['Text', `${detail.textChars.toLocaleString()} characters`],
        ]) as [string, string][]),
    ...(detail.path ? ([['Imported from', detail.path]] as [string, string][]) : []),
    ...(detail.sha256 ? ([['SHA-256', detail.sha256]] as [string, string][]) : []),
    ...metadataFacts(detail.metadata),
  ];
  return (
    <aside className="metadata" aria-label="Document details">
      <h2>Details</h2>
      <dl className="facts">
        {facts.map(([name, value]) => (
          <div key={name} className="facts__row">
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {detail.tags.length > 0 && (
        <>
          <h3>Tags</h3>
          <div className="doc__tags">
            {detail.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </div>
        </>
      )}
    </aside>
  );
}
