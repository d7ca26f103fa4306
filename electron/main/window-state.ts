import { screen, type BrowserWindow, type Rectangle } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const DEFAULT_SIZE = { width: 1280, height: 820 };

/** Bounds are reused only if they still fall on a connected display. */
function onSomeDisplay(bounds: Rectangle): boolean {
  return screen.getAllDisplays().some(({ workArea: a }) =>
    bounds.x < a.x + a.width && bounds.x + bounds.width > a.x && bounds.y < a.y + a.height && bounds.y + bounds.height > a.y,
  );
}

/** Remembers the main window's size, position and maximized state across launches. */
export function loadWindowState(userData: string): { bounds: Partial<Rectangle>; maximized: boolean } {
  try {
    const state = JSON.parse(readFileSync(path.join(userData, 'window-state.json'), 'utf8')) as WindowState;
    if (state.bounds && onSomeDisplay(state.bounds)) return state;
  } catch {
    // First launch, or an unreadable file: use the defaults.
  }
  return { bounds: DEFAULT_SIZE, maximized: false };
}

export function trackWindowState(window: BrowserWindow, userData: string): void {
  const save = () => {
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      writeFileSync(path.join(userData, 'window-state.json'), JSON.stringify(state));
    } catch {
      // Not worth failing a close over.
    }
  };
  window.on('close', save);
}
