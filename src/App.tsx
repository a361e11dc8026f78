import { useEffect } from 'react';
import { JobList } from './app/JobList';
import { GenerateForm } from './features/generate/GenerateForm';
import { preloadSandbox } from './features/settings/connection';
import { SandboxNotice } from './features/settings/SandboxNotice';
import { SettingsPanel } from './features/settings/SettingsPanel';
import { useSettings } from './features/settings/settingsStore';
import { ScenarioPicker } from './sandbox/ScenarioPicker';

export function App() {
  const { connection } = useSettings();
  useEffect(() => {
    if (connection === 'sandbox') preloadSandbox();
  }, [connection]);
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-baseline justify-between gap-4 px-4 py-3">
          <h1 className="text-lg font-semibold text-slate-900">ModelsLab Studio</h1>
          <p className="text-sm text-slate-500">Describe a picture, get images.</p>
        </div>
      </header>
      {/* On narrow screens the pictures come right after the form; settings last. */}
      <main className="mx-auto grid max-w-6xl gap-6 px-4 py-6 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)] lg:items-start">
        <div className="flex flex-col gap-4 lg:col-start-1 lg:row-start-1">
          <SandboxNotice />
          <GenerateForm />
        </div>
        <div className="lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <JobList />
        </div>
        <div className="flex flex-col gap-4 lg:col-start-1 lg:row-start-2">
          <SettingsPanel />
          {connection === 'sandbox' ? (
            <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <ScenarioPicker />
            </div>
          ) : null}
        </div>
      </main>
    </div>
  );
}
