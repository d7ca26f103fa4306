import { useEffect, useId, useRef, useState } from 'react';

const SYNTAX: [example: string, meaning: string][] = [
  ['solar panel', 'both words, anywhere'],
  ['"exact phrase"', 'the words in this order'],
  ['photo*', 'words starting with “photo”'],
  ['cats OR dogs', 'either word'],
  ['-draft', 'without this word'],
  ['type:pdf', 'only PDFs (also md, html, docx, epub, image, note…)'],
  ['tag:"to read"', 'documents with this tag'],
  ['title:budget', 'the word in the title'],
  ['after:2024-01 before:2025', 'by date'],
  ['in:notes', 'only your notes'],
];

/** The query language in a small popover, opened by a button and closed by Escape or a click outside. */
export function QueryHelp() {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
        button.current?.focus();
      }
    };
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPointer);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <div className="popover-anchor" ref={root}>
      <button ref={button} type="button" className="button button--ghost" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        Syntax help
      </button>
      {open && (
        <div id={id} role="dialog" aria-label="Query syntax" className="popover">
          <table className="syntax">
            <tbody>
              {SYNTAX.map(([example, meaning]) => (
                <tr key={example}>
                  <td>
                    <code>{example}</code>
                  </td>
                  <td>{meaning}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
