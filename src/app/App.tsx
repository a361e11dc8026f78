import { lazy, Suspense, useEffect, useState } from 'react';
import { BalanceStatus, KeyCheck } from '../features/balance';
import { type FormFill, fromParams, GenerateForm } from '../features/generate';
import { HistoryList } from '../features/history';
import { type JobRecord, NowMaking, useLatestFinish } from '../features/jobs';
import {
  ConnectionButton,
  ConnectionDrawer,
  preloadSandbox,
  SandboxNotice,
  useSettings,
} from '../features/settings';
import { UpdatePrompt } from '../features/update';
import { Hydrating } from '../lib/hydration';
import { ThemeSwitch } from './ThemeSwitch';

/** Only sandbox users see it: its scripted answers load when they do. */
const ScenarioPicker = lazy(() =>
  import('../sandbox/ScenarioPicker').then((module) => ({ default: module.ScenarioPicker })),
);

/** The sandbox's scripted answers to choose from, for sandbox users only. */
function SandboxScenarios() {
  const { connection } = useSettings();
  useEffect(() => {
    if (connection === 'sandbox') preloadSandbox();
  }, [connection]);
  return connection === 'sandbox' ? (
    <div className="order-4 rounded-xl bg-surface p-4 shadow-sm ring-1 ring-slate-200 lg:order-3">
      <Suspense fallback={null}>
        <ScenarioPicker />
      </Suspense>
    </div>
  ) : null;
}

/** The balance, asked for again a moment after each job of this page's time finishes. */
function HeaderBalance() {
  const [openedAt] = useState(Date.now);
  return <BalanceStatus lastFinishedAt={useLatestFinish(openedAt)} />;
}

/** `prerendered`: the page is the build's HTML, to be taken over (main.tsx, prerender.tsx). */
export function App({ prerendered = false }: { prerendered?: boolean }) {
  // Nothing stored is read here: the form and the pictures, loaded apart, are taken over
  // from the prerendered HTML once they arrive, and a change to what they are given
  // before then would make React draw them anew (docs/architecture.md, "The first paint").
  // "Use these settings" on a generation fills the form: state of the page, not a channel.
  const [fill, setFill] = useState<FormFill>();
  const reuse = (job: JobRecord) => setFill({ values: fromParams(job.params, job.seed, job.kind) });
  return (
    <div className="min-h-screen bg-slate-50">
      <a
        href="#main"
        className="sr-only rounded-md bg-surface px-3 py-2 text-sm font-medium text-indigo-700 shadow-lg ring-2 ring-indigo-600 focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50"
      >
        Skip to main content
      </a>
      {/* Sticky, so Connection is at hand at any scroll position. */}
      <header className="sticky top-0 z-10 border-b border-slate-200 bg-surface lg:h-14">
        <div className="mx-auto flex h-full max-w-[120rem] flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-2">
          <div className="flex items-baseline gap-4">
            <h1 className="text-lg font-semibold text-slate-900">ModelsLab Studio</h1>
            <p className="hidden text-sm text-slate-500 sm:block">
              Describe a picture, get images.
            </p>
          </div>
          {/* On phones: the theme beside the title, the balance and Connection on one row. */}
          <div className="flex flex-wrap items-center justify-end gap-x-3 gap-y-2 max-sm:contents">
            <ThemeSwitch />
            <div className="flex flex-wrap items-center gap-x-3 gap-y-2 max-sm:w-full max-sm:justify-between">
              <HeaderBalance />
              <ConnectionButton />
            </div>
          </div>
        </div>
      </header>
      <ConnectionDrawer keyStatus={<KeyCheck />} />
      {/*
        Wide screens: the form (and what it is making) stays at hand on the left while the
        pictures fill the rest. Narrow screens: the form, then the pictures, settings last.
      */}
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto outline-none flex max-w-[120rem] flex-col gap-6 px-4 py-6 lg:grid lg:grid-cols-[minmax(0,24rem)_minmax(0,1fr)] lg:items-start"
      >
        <div className="contents lg:sticky lg:top-14 lg:-my-6 lg:flex lg:max-h-[calc(100dvh-3.5rem)] lg:flex-col lg:gap-4 lg:overflow-y-auto lg:py-6">
          <div className="order-1 flex flex-col gap-4">
            <SandboxNotice />
            <Suspense fallback={null}>
              <Hydrating prerendered={prerendered}>
                <GenerateForm
                  fill={fill}
                  belowGenerate={
                    <Suspense fallback={null}>
                      <NowMaking className="hidden lg:flex" />
                    </Suspense>
                  }
                />
              </Hydrating>
            </Suspense>
          </div>
          <SandboxScenarios />
        </div>
        <div className="order-3 min-w-0 lg:order-none">
          <Suspense fallback={null}>
            <Hydrating prerendered={prerendered}>
              <HistoryList
                onReuse={reuse}
                onStartFrom={(startFrom, paint) => setFill({ startFrom, paint })}
              />
            </Hydrating>
          </Suspense>
        </div>
      </main>
      <UpdatePrompt />
    </div>
  );
}
