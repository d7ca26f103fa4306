const LABELS: Record<string, string> = {
  text: 'TXT',
  markdown: 'MD',
  html: 'HTML',
  pdf: 'PDF',
  docx: 'DOC',
  epub: 'EPUB',
  odt: 'ODT',
  image: 'IMG',
  code: '</>',
  note: 'NOTE',
};

/** A coloured badge naming the document's kind; the colour comes from styles.css per kind. */
export function TypeIcon({ type, size = 'small' }: { type: string; size?: 'small' | 'large' }) {
  const known = type in LABELS;
  return (
    <span className={`type-icon type-icon--${size}`} data-type={known ? type : 'other'} aria-hidden="true">
      {LABELS[type] ?? (type.slice(0, 4).toUpperCase() || '?')}
    </span>
  );
}
