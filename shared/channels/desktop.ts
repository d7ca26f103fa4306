import { z } from 'zod';

const DocumentRef = z.object({ id: z.number().int().positive() }).strict();

/** Desktop-only actions; browser mode answers them with `unavailable`. */
export const desktopChannels = {
  'documents.openExternally': { input: DocumentRef, output: z.object({ opened: z.string() }) },
  'documents.showInFolder': { input: DocumentRef, output: z.object({ shown: z.string() }) },
};
