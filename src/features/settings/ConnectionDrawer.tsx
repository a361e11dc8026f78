import { lazy, type ReactNode, Suspense, useEffect, useLayoutEffect, useRef } from 'react';
import { Button } from '../../ui/Button';
import { cn } from '../../ui/cn';
import { links } from '../errors';
import { baseUrlFor, isHttpUrl } from './connection';
import { closeConnection, openConnection, useConnectionDrawer } from './connectionDrawer';

type PanelModule = typeof import('./SettingsPanel');

/**
 * The drawer's content is not in the first load: it is fetched when the page is idle (so
 * it opens offline too), or when the person reaches for the Connection button. Once here,
 * it renders at once, so the key field can take the focus as the drawer opens.
 */
let loadedPanel: PanelModule | undefined;
let loadingPanel: Promise<PanelModule> | undefined;
function loadPanel(): Promise<PanelModule> {
  loadingPanel ??= import('./SettingsPanel').then(
    (module) => {
      loadedPanel = module;
      return module;
    },
    (error: unknown) => {
      loadingPanel = undefined;
      throw error;
    },
  );
  return loadingPanel;
}
const preloadPanel = () => {
  loadPanel().catch(() => undefined);
};

/** If the code cannot be fetched (offline before it ever loaded), say so. */
function PanelUnavailable() {
  return (
    <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
      The connection settings could not be opened (is the network down, or was the app updated?).
      Reload the page to try again.
    </p>
  );
}

const SettingsPanel = lazy(() =>
  loadedPanel
    ? ({
        // biome-ignore lint/suspicious/noThenProperty: a thenable React.lazy reads at once
        then: (resolve: (module: PanelModule) => void) => resolve(loadedPanel as PanelModule),
      } as Promise<PanelModule>)
    : loadPanel().catch(() => ({ default: PanelUnavailable })),
);

import { useSettings } from './settingsStore';

/** Where requests go now, in a few words, for the header's Connection button. */
export function connectionSummary(settings: { connection: string; apiKey: string }): string {
  switch (settings.connection) {
    case 'sandbox':
      return 'Sandbox';
    case 'custom':
      return settings.apiKey ? 'Custom address · key set' : 'Custom address · no key yet';
    case 'proxy':
      return settings.apiKey ? 'Same site · key set' : 'Same site · no key yet';
    default:
      return settings.apiKey ? 'ModelsLab · key set' : 'No key yet';
  }
}

/** The header button that opens the Connection drawer, saying where requests go now. */
export function ConnectionButton({ className }: { className?: string }) {
  const settings = useSettings();
  useEffect(() => {
    if (typeof window.requestIdleCallback === 'function') {
      const id = window.requestIdleCallback(preloadPanel, { timeout: 5000 });
      return () => window.cancelIdleCallback(id);
    }
    const timer = setTimeout(preloadPanel, 2000);
    return () => clearTimeout(timer);
  }, []);
  const drawer = useConnectionDrawer();
  const summary = connectionSummary(settings);
  return (
    <Button
      aria-label={`Connection: ${summary}`}
      size="sm"
      className={cn('whitespace-nowrap', className)}
      aria-haspopup="dialog"
      aria-expanded={drawer.open}
      onPointerEnter={preloadPanel}
      onFocus={preloadPanel}
      onClick={() => openConnection()}
    >
      Connection
      <span className="font-normal text-slate-600">{summary}</span>
    </Button>
  );
}

/**
 * Connection and key in a modal drawer on the right, reachable from the header at any
 * scroll position. Escape, Close or a click beside it closes it; focus goes back to
 * where it was.
 */
export function ConnectionDrawer({
  keyStatus,
  children,
}: {
  /** Shown right under the API key field. */
  keyStatus?: ReactNode;
  children?: ReactNode;
}) {
  const drawer = useConnectionDrawer();
  return drawer.open ? (
    <DrawerDialog focusKey={drawer.focus === 'api-key'} keyStatus={keyStatus}>
      {children}
    </DrawerDialog>
  ) : null;
}

function DrawerDialog({
  focusKey,
  keyStatus,
  children,
}: {
  focusKey: boolean;
  keyStatus?: ReactNode;
  children?: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const returnTo = useRef<Element | null>(null);

  useLayoutEffect(() => {
    const element = dialog.current;
    if (!element) return;
    returnTo.current = document.activeElement;
    if (!element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    }
    if (focusKey) element.querySelector<HTMLElement>('#api-key')?.focus();
    return () => {
      // Closed first, so the page behind is no longer inert when focus goes back to it.
      if (element.open && typeof element.close === 'function') element.close();
      if (returnTo.current instanceof HTMLElement && returnTo.current.isConnected) {
        returnTo.current.focus();
      }
    };
  }, [focusKey]);

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard closes it with Escape (cancel) or Close.
    <dialog
      ref={dialog}
      aria-label="Connection"
      onCancel={(event) => {
        event.preventDefault();
        closeConnection();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the dialog itself, outside its content.
        if (event.target === dialog.current) closeConnection();
      }}
      className="fixed inset-y-0 right-0 left-auto m-0 h-dvh max-h-none w-[min(28rem,100vw)] max-w-none bg-slate-50 p-0 text-slate-900 shadow-xl backdrop:bg-black/50"
    >
      <div className="flex min-h-full flex-col gap-4 p-4">
        <div className="flex justify-end">
          <Button size="sm" onClick={() => closeConnection()}>
            Close
          </Button>
        </div>
        <Suspense fallback={null}>
          <SettingsPanel
            keyStatus={keyStatus}
            apiKeysHref={links.apiKeys.href}
            baseUrlFor={baseUrlFor}
            isHttpUrl={isHttpUrl}
            focusKey={focusKey}
          />
        </Suspense>
        {children}
      </div>
    </dialog>
  );
}
