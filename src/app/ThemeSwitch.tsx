import { type ThemeChoice, themeChoices, themeStore, useThemeChoice } from './theme';

const labels: Record<ThemeChoice, string> = { system: 'As system', light: 'Light', dark: 'Dark' };

/** Light, dark, or as the system says; remembered on this device. */
export function ThemeSwitch() {
  const choice = useThemeChoice();
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <span className="max-sm:sr-only">Theme</span>
      <select
        className="rounded-md border-0 bg-surface py-1 pr-7 pl-2 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
        value={choice}
        onChange={(event) => themeStore.set(event.target.value as ThemeChoice)}
      >
        {themeChoices.map((option) => (
          <option key={option} value={option}>
            {labels[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
