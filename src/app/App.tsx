import { useEffect, useState } from 'react';
import { type FormFill, fromText2ImgParams, GenerateForm } from '../features/generate';
import { HistoryList } from '../features/history';
import { type JobRecord, NowMaking } from '../features/jobs';
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
        <div className="mx-auto flex max-w-[120rem] items-baseline justify-between gap-4 px-4 py-3">
          <h1 className="text-lg font-semibold text-slate-900">ModelsLab Studio</h1>
          <p className="text-sm text-slate-500">Describe a picture, get images.</p>
        </div>
      </header>
      {/*
        Wide screens: the form (and what it is making) stays at hand on the left while the
        pictures fill the rest. Narrow screens: the form, then the pictures, settings last.
      */}
      <main className="mx-auto flex max-w-[120rem] flex-col gap-6 px-4 py-6 lg:grid lg:grid-cols-[minmax(0,24rem)_minmax(0,1fr)] lg:items-start">
        <div className="contents lg:sticky lg:top-0 lg:-my-6 lg:flex lg:max-h-screen lg:flex-col lg:gap-4 lg:overflow-y-auto lg:py-6">
          <div className="order-1 flex flex-col gap-4">
            <SandboxNotice />
            <GenerateForm fill={fill} belowGenerate={<NowMaking className="hidden lg:flex" />} />
          </div>
          <div className="order-4 flex flex-col gap-4 lg:order-3">
            <SettingsPanel />
            {connection === 'sandbox' ? (
              <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
                <ScenarioPicker />
              </div>
            ) : null}
          </div>
        </div>
        <div className="order-3 min-w-0 lg:order-none">
          <HistoryList onReuse={reuse} />
        </div>
      </main>
    </div>
  );
}
