import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'skr.theme';

function stored(): ThemeChoice {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

function apply(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

interface ThemeState {
  choice: ThemeChoice;
  setChoice(choice: ThemeChoice): void;
}

/** Follows the OS (prefers-color-scheme) unless the user picks light or dark in Settings. */
export const useTheme = create<ThemeState>((set) => {
  apply(stored());
  return {
    choice: stored(),
    setChoice(choice) {
      localStorage.setItem(KEY, choice);
      apply(choice);
      set({ choice });
    },
  };
});
