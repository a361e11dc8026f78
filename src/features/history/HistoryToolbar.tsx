import { useRef, useState } from 'react';
import { Button } from '../../ui/Button';
import { inputClass } from '../../ui/Field';
import { saveBlob } from '../../ui/saveFile';
import { jobStore, useJobs } from '../jobs';
import { historyFileContents, historyFileName, parseHistoryFile } from './historyFile';

/** Filter, export, import and clear the history. */
export function HistoryToolbar({
  filter,
  onFilterChange,
}: {
  filter: string;
  onFilterChange: (value: string) => void;
}) {
  const jobs = useJobs();
  const fileInput = useRef<HTMLInputElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState('');

  const importFile = async (file: File) => {
    // What is stored already wins over an older exported copy of the same generation.
    await jobStore.load();
    const result = parseHistoryFile(await file.text());
    if ('error' in result) {
      setNotice(result.error);
      return;
    }
    let added = 0;
    for (const job of result.jobs) {
      if (jobStore.get(job.localId)) continue;
      jobStore.add(job);
      added += 1;
    }
    const skipped = result.skipped + (result.jobs.length - added);
    setNotice(
      `Imported ${added} ${added === 1 ? 'generation' : 'generations'}${skipped ? ` (${skipped} skipped: already here or unreadable)` : ''}.`,
    );
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex min-w-48 flex-1 flex-col gap-1">
          <label htmlFor="history-filter" className="text-sm font-medium text-slate-800">
            Filter by text
          </label>
          <input
            id="history-filter"
            type="search"
            className={inputClass}
            placeholder="prompt, model, size, seed or state"
            disabled={jobs.length === 0}
            value={filter}
            onChange={(event) => onFilterChange(event.target.value)}
          />
        </div>
        <Button
          size="sm"
          disabled={jobs.length === 0}
          onClick={() =>
            saveBlob(
              new Blob([historyFileContents(jobs)], { type: 'application/json' }),
              historyFileName(),
            )
          }
        >
          Export history
        </Button>
        <Button size="sm" onClick={() => fileInput.current?.click()}>
          Import history
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          className="hidden"
          aria-label="History file to import"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) void importFile(file);
          }}
        />
        <Button
          size="sm"
          variant="danger"
          disabled={jobs.length === 0}
          onClick={() => setConfirming(true)}
        >
          Clear all
        </Button>
      </div>
      {confirming ? (
        <div
          role="alertdialog"
          aria-label="Clear all history"
          className="flex flex-wrap items-center gap-2 rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200"
        >
          <p className="flex-1">
            Delete all {jobs.length} generations and their pictures from this browser? This cannot
            be undone (export first to keep a copy).
          </p>
          <Button
            size="sm"
            variant="danger"
            onClick={() => {
              setConfirming(false);
              void jobStore.clear();
            }}
          >
            Delete all
          </Button>
          <Button size="sm" onClick={() => setConfirming(false)} autoFocus>
            Keep them
          </Button>
        </div>
      ) : null}
      {notice ? (
        <p role="status" className="text-sm text-slate-700">
          {notice}
        </p>
      ) : null}
    </div>
  );
}
