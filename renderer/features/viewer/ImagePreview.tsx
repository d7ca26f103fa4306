import { useState } from 'react';
import type { DocumentDetail } from '../../../shared/channels/library';
import { PREVIEWABLE_IMAGE_TYPES } from '../../../shared/security';
import { previewUrl, thumbnailUrl } from './document-urls';

/**
 * An image document at full resolution when the browser can show its type, with the thumbnail
 * standing in until the full image has loaded (or instead of it, for types like TIFF or HEIC).
 */
export function ImagePreview({ detail }: { detail: DocumentDetail }) {
  const [fullLoaded, setFullLoaded] = useState(false);
  const full = detail.sha256 !== null && detail.mime !== null && PREVIEWABLE_IMAGE_TYPES.has(detail.mime);
  if (!full && detail.thumbnail === null) return null;
  const alt = `Preview of ${detail.title}`;
  return (
    <figure className="viewer__figure">
      {detail.thumbnail !== null && !fullLoaded && <img className="viewer__image" src={thumbnailUrl(detail.id)} alt={alt} />}
      {full && (
        <img
          className="viewer__image"
          src={previewUrl(detail.id)}
          alt={alt}
          decoding="async"
          hidden={!fullLoaded && detail.thumbnail !== null}
          onLoad={() => setFullLoaded(true)}
        />
      )}
    </figure>
  );
}
