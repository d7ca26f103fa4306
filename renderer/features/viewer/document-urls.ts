// Relative to the page (its base is `./`), so the same URL works over the app protocol and HTTP.

/** The document's thumbnail (image/webp); only exists when the document's `thumbnail` is non-null. */
export const thumbnailUrl = (id: number): string => `files/${id}/thumbnail`;

/** A raster image's stored copy, shown inline; only exists for the types in `PREVIEWABLE_IMAGE_TYPES`. */
export const previewUrl = (id: number): string => `files/${id}/preview`;

/** The stored copy, always served as a download; only exists when the document's `sha256` is non-null. */
export const originalUrl = (id: number): string => `files/${id}/original`;
