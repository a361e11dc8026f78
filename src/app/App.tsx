import { useEffect, useState } from 'react';
import { type FormFill, fromText2ImgParams, GenerateForm } from '../features/generate';
import { HistoryList } from '../features/history';
import type { JobRecord } from '../features/jobs';
import { preloadSandbox, SandboxNotice, SettingsPanel, useSettings } from '../features/settings';
import { ScenarioPicker } from '../sandbox/ScenarioPicker';

export function App() {
  const { connection } = useSettings();
  // "Use these settings" on a generation fills the form: state of the page, not a channel.
  const [fill, setFill] = useState<FormFill>();
  const reuse = (job: JobRecord) => setFill({ values: fromText2ImgParams(job.params, job.seed) });
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
          <GenerateForm fill={fill} />
        </div>
        <div className="lg:col-start-2 lg:row-span-2 lg:row-start-1">
          <HistoryList onReuse={reuse} />
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
