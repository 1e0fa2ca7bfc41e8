import { create } from 'zustand';

export type ThemeChoice = 'light' | 'dark' | 'system';

interface ThemeState {
  choice: ThemeChoice;
  setChoice(choice: ThemeChoice): void;
}

const stored = (localStorage.getItem('gatehouse.theme') as ThemeChoice | null) ?? 'system';

function apply(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
apply(stored);
window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => apply(useTheme.getState().choice));

export const useTheme = create<ThemeState>((set) => ({
  choice: stored,
  setChoice(choice) {
    localStorage.setItem('gatehouse.theme', choice);
    apply(choice);
    set({ choice });
  },
}));
