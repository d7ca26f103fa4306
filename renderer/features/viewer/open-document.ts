import { useNavigation } from '../../stores/navigation-store';
import { useViewer } from '../../stores/viewer-store';

/** Opens a document in the viewer (a note in the note editor), highlighting `terms`. */
export function openDocument(doc: { id: number; type: string }, terms: string[] = []): void {
  useViewer.getState().setTerms(terms);
  useNavigation.getState().go(doc.type === 'note' ? 'note' : 'document', doc.id);
}
