// Sets the theme before the first paint (the policy allows no inline script); src/app/theme.ts
// does the same once the app runs, and follows changes.
(() => {
  try {
    const choice = localStorage.getItem('modelslab-studio.theme');
    const dark =
      choice === 'dark' ||
      (choice !== 'light' && window.matchMedia('(prefers-color-scheme: dark)').matches);
    document.documentElement.classList.toggle('dark', dark);
  } catch {
    // No storage (a locked-down browser): the light theme until the app starts.
  }
})();
