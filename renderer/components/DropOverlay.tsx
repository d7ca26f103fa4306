import { useEffect, useRef, useState } from 'react';

const hasFiles = (e: DragEvent) => !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');

/**
 * App-wide drop target: an overlay appears while files are dragged over any part of the window,
 * and the dropped files go to `onDrop`. Drops that carry no files are ignored.
 */
export function DropOverlay({ onDrop }: { onDrop: (files: File[], items: DataTransferItemList | null) => void }) {
  const [active, setActive] = useState(false);
  const depth = useRef(0);

  useEffect(() => {
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current++;
      setActive(true);
    };
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setActive(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth.current = 0;
      setActive(false);
      onDrop(Array.from(e.dataTransfer?.files ?? []), e.dataTransfer?.items ?? null);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onDrop]);

  if (!active) return null;
  return (
    <div className="drop-overlay" role="dialog" aria-label="Drop files to import" data-testid="drop-overlay">
      <div className="drop-overlay__panel">
        <div className="drop-overlay__icon" aria-hidden="true">⇩</div>
        <p>Drop files or folders to add them to your library</p>
      </div>
    </div>
  );
}
