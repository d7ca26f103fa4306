export type Fact = [label: string, value: string];

const LABELS: Record<string, string> = { uploadPath: 'Dropped as', takenAt: 'Taken', pages: 'Pages', sections: 'Sections' };
/** Shown elsewhere already (the MIME type is part of "Type"), or internal (the thumbnail's file). */
const HIDDEN = new Set(['mime', 'thumbnail']);

/** "readingMinutes" → "Reading minutes". */
function labelOf(key: string): string {
  if (LABELS[key]) return LABELS[key];
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'number') return value.toLocaleString();
  return String(value);
}

/** The importer's metadata as labelled facts for people: an image's fields are spelled out. */
export function metadataFacts(metadata: Record<string, unknown>): Fact[] {
  const facts: Fact[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (HIDDEN.has(key)) continue;
    if (key === 'image' && value && typeof value === 'object') facts.push(...imageFacts(value as Record<string, unknown>));
    else facts.push([labelOf(key), show(value)]);
  }
  return facts;
}

function imageFacts(image: Record<string, unknown>): Fact[] {
  const { width, height, format, takenAt, ...rest } = image;
  const facts: Fact[] = [];
  if (typeof width === 'number' && typeof height === 'number') facts.push(['Dimensions', `${width.toLocaleString()} × ${height.toLocaleString()} px`]);
  if (typeof format === 'string') facts.push(['Format', format.toUpperCase()]);
  // EXIF time is the camera's wall clock without a zone: shown as written, not converted.
  if (typeof takenAt === 'string') facts.push(['Taken', takenAt.replace('T', ' ')]);
  return [...facts, ...metadataFacts(rest)];
}
