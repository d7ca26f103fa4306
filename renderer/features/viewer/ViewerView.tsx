import { useEffect, useMemo, useState } from 'react';
import type { DocumentDetail } from '../../../shared/channels/library';
import { transport } from '../../api/kb';
import { findMatches, Highlighted, type Range } from '../../components/Highlighted';
import { TypeIcon } from '../../components/TypeIcon';
import { useNavigation } from '../../stores/navigation-store';
import { useViewer } from '../../stores/viewer-store';
import { DesktopActions } from './DesktopActions';
import { MarkdownView } from './MarkdownView';
import { MetadataPanel } from './MetadataPanel';
import { ImagePreview } from './ImagePreview';
import { originalUrl } from './document-urls';

const SECTION_NAMES: Record<string, string> = {
  pdf: 'Page',
  epub: 'Section',
  docx: 'Section',
  odt: 'Section',
};

export function ViewerView() {
  const param = useNavigation((s) => s.param);
  const id = Number(param);
  const { status, error, detail, sections, totalSections, nextSection, loadingMore, terms } =
    useViewer();

  useEffect(() => {
    if (Number.isInteger(id) && id > 0) void useViewer.getState().load(id);
  }, [id]);

  if (!Number.isInteger(id) || id <= 0) return <p role="alert">No such document.</p>;
  const ready = status === 'done' && detail !== null;
  return (
    <section aria-labelledby="viewer-title" className="view view--viewer">
      <div className="view__header">
        <button
          type="button"
          className="button button--ghost"
          onClick={() => history.back()}
          aria-label="Back"
        >
          ←
        </button>
        {detail && <TypeIcon type={detail.type} />}
        <h1 id="viewer-title" className="viewer__title">
          {detail?.title ?? (status === 'error' ? 'Document' : 'Loading…')}
        </h1>
        <span className="spacer" />
        {ready && transport === 'browser' && (
          <>
            {sections.length > 0 && (
              <DownloadText detail={detail} text={sections.map((s) => s.text).join('\n\n')} />
            )}
            {detail.sha256 !== null && (
              <a className="button" href={originalUrl(detail.id)} download>
                Download original
              </a>
            )}
          </>
        )}
        {ready && transport === 'electron' && detail.sha256 !== null && (
          <DesktopActions id={detail.id} />
        )}
      </div>
      {status === 'error' && (
        <p role="alert" className="message message--error">
          {error}
        </p>
      )}
      {ready && (
        <div className="viewer">
          <DocumentBody key={detail.id} detail={detail} sections={sections} initialTerms={terms} />
          <MetadataPanel detail={detail} />
          {nextSection !== null && (
            <button
              type="button"
              className="button"
              disabled={loadingMore}
              onClick={() => void useViewer.getState().loadMore()}
            >
              {loadingMore
                ? 'Loading…'
                : `Load more (${sections.length} of ${totalSections} sections shown)`}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

interface BodyProps {
  detail: DocumentDetail;
  sections: { ordinal: number; text: string }[];
  initialTerms: string[];
}

function DocumentBody({ detail, sections, initialTerms }: BodyProps) {
  const [find, setFind] = useState(initialTerms.join(' '));
  const [mode, setMode] = useState<'rendered' | 'text'>(
    detail.type === 'markdown' ? 'rendered' : 'text',
  );
  const [current, setCurrent] = useState(0);
  const [renderedTotal, setRenderedTotal] = useState(0);
  const terms = useMemo(() => find.toLowerCase().split(/\s+/).filter(Boolean), [find]);
  const matches = useMemo(() => sections.map((s) => findMatches(s.text, terms)), [sections, terms]);
  const source = useMemo(() => sections.map((s) => s.text).join('\n\n'), [sections]);
  const total = mode === 'rendered' ? renderedTotal : matches.reduce((n, m) => n + m.length, 0);
  const sectionName = SECTION_NAMES[detail.type];

  useEffect(() => setCurrent(0), [terms, mode]);
  useEffect(() => {
    if (mode === 'text' && total)
      document.querySelector(`[data-match="${current}"]`)?.scrollIntoView?.({ block: 'center' });
  }, [current, total, mode]);

  const step = (delta: number) => total && setCurrent((current + delta + total) % total);
  const offsets = matches.reduce<number[]>(
    (acc, m, i) => [...acc, i === 0 ? 0 : acc[i - 1]! + matches[i - 1]!.length],
    [],
  );

  return (
    <div className="viewer__body">
      {sections.length > 0 && (
        <div className="toolbar" role="toolbar" aria-label="Document">
          {detail.type === 'markdown' && (
            <div className="segmented" role="group" aria-label="Show">
              <button
                type="button"
                className="segmented__option"
                aria-pressed={mode === 'rendered'}
                onClick={() => setMode('rendered')}
              >
                Rendered
              </button>
              <button
                type="button"
                className="segmented__option"
                aria-pressed={mode === 'text'}
                onClick={() => setMode('text')}
              >
                Text
              </button>
            </div>
          )}
          <input
            className="input"
            type="search"
            aria-label="Find in document"
            placeholder="Find in document"
            value={find}
            onChange={(e) => setFind(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                step(e.shiftKey ? -1 : 1);
              }
            }}
          />
          <span className="muted" role="status" aria-live="polite">
            {terms.length ? (total ? `${current + 1} of ${total} matches` : 'No matches') : ''}
          </span>
          <button type="button" className="button" onClick={() => step(-1)} disabled={!total}>
            Previous match
          </button>
          <button type="button" className="button" onClick={() => step(1)} disabled={!total}>
            Next match
          </button>
        </div>
      )}
      {detail.type === 'image' && <ImagePreview key={detail.id} detail={detail} />}
      {detail.noText && sections.length === 0 && detail.thumbnail === null && (
        <p className="muted">
          This document has no text
          {detail.type === 'image' ? '; its details are on the side.' : '.'}
        </p>
      )}
      {mode === 'rendered' ? (
        <article className="viewer__content" aria-label="Document content">
          <MarkdownView
            source={source}
            terms={terms}
            current={current}
            onMatchCount={setRenderedTotal}
          />
        </article>
      ) : (
        sections.length > 0 && (
          <article className="viewer__content" aria-label="Document content">
            {sections.map((section, i) => (
              <section
                key={section.ordinal}
                aria-label={sectionName ? `${sectionName} ${section.ordinal + 1}` : undefined}
              >
                {sectionName && sections.length > 1 && (
                  <h2 className="viewer__section">{`${sectionName} ${section.ordinal + 1}`}</h2>
                )}
                <pre className="doc-text">
                  <Highlighted
                    text={section.text}
                    ranges={matches[i] as Range[]}
                    markProps={(k) => ({
                      'data-match': offsets[i]! + k,
                      className: offsets[i]! + k === current ? 'mark--current' : undefined,
                    })}
                  />
                </pre>
              </section>
            ))}
          </article>
        )
      )}
    </div>
  );
}

function DownloadText({ detail, text }: { detail: DocumentDetail; text: string }) {
  const url = useMemo(
    () => URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' })),
    [text],
  );
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <a
      className="button"
      href={url}
      download={`${detail.title.replace(/[\\/:*?"<>|]+/g, '_')}.txt`}
    >
      Download text
    </a>
  );
}
