import { links } from '../errors';
import { openConnection } from './connectionDrawer';
import { useSettings } from './settingsStore';

/** Says plainly when pictures are simulated. */
export function SandboxNotice() {
  const { connection } = useSettings();
  if (connection !== 'sandbox') return null;
  return (
    <p
      role="note"
      className="rounded-lg bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
    >
      <strong>Sandbox mode:</strong> pictures here are simulated drawings made in your browser and
      cost nothing (the balance shown here is pretend too: it goes down as a real one would). To
      make real pictures, choose “ModelsLab” under{' '}
      <button
        type="button"
        onClick={() => openConnection()}
        className="font-medium underline hover:no-underline"
      >
        Connection
      </button>{' '}
      and paste your API key (
      <a href={links.register.href} target="_blank" rel="noreferrer" className="underline">
        create an account
      </a>
      ).
    </p>
  );
}
