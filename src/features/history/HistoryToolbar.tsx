import { Suspense, useRef, useState } from 'react';
import { Button } from '../../ui/Button';
import { inputClass } from '../../ui/Field';
import { ProgressBar } from '../../ui/ProgressBar';
import { saveBlob } from '../../ui/saveFile';
import { importedRecord, jobStore, useJobs } from '../jobs';
import { forgetAllPictures, readSaved, restorePictures, SavedPictures } from '../pictures';
import { settingsStore } from '../settings';
import { ExportChoices } from './ExportChoices';

const generations = (count: number) => `${count} ${count === 1 ? 'generation' : 'generations'}`;

type Importing = 'reading' | { done: number; total: number };

/** Reading and writing history files loads with the first export or import. */
const historyFiles = () => import('./historyFiles');

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
  const exportButton = useRef<HTMLButtonElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState('');
  const [importing, setImporting] = useState<Importing>();
  const [exportOpen, setExportOpen] = useState(false);
  const [savedOpen, setSavedOpen] = useState(false);

  const importFile = async (file: File) => {
    setNotice('');
    setImporting('reading');
    // Its words load with the first import (most visits import nothing).
    const words = import('./importOutcome').catch(() => ({
      importOutcome: (outcome: { added: number }, _unreadable: number, _pictures?: number) =>
        `Imported ${outcome.added} generations.`,
    }));
    try {
      // What is stored already wins over an older exported copy of the same generation.
      await jobStore.load();
      const result = await (await historyFiles()).readChosenFile(
        file,
        importedRecord,
        settingsStore.get().apiKey,
      );
      if ('error' in result) {
        setNotice(result.error);
        return;
      }
      // Pictures first: the tiles that show the records then find their copies.
      const restored = result.pictures && (await restorePictures(result.pictures));
      const outcome = await jobStore.addMany(result.jobs, (done, total) =>
        setImporting({ done, total }),
      );
      setNotice((await words).importOutcome(outcome, result.skipped, restored));
    } catch {
      // The file changed or went away after it was chosen, say.
      setNotice('This file could not be read. Choose it again to try once more.');
    } finally {
      setImporting(undefined);
    }
  };

  const exportAs = async (format: 'json' | 'zip') => {
    setNotice(format === 'zip' ? 'Preparing the file with your pictures…' : '');
    try {
      const made = await (await historyFiles()).exportAs(
        format,
        jobs,
        settingsStore.get().apiKey,
        readSaved,
      );
      saveBlob(made.blob, made.name);
      setNotice(made.said ?? '');
      closeExport();
    } catch {
      setNotice('The export could not be prepared (is the connection down?). Try again.');
    }
  };

  const closeExport = () => {
    setExportOpen(false);
    exportButton.current?.focus();
  };

  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        {/* A row of its own on a phone: beside the buttons its hint is cut off. */}
        <div className="flex min-w-48 flex-1 basis-full flex-col gap-1 sm:basis-0">
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
          ref={exportButton}
          size="sm"
          disabled={jobs.length === 0}
          aria-expanded={exportOpen}
          aria-controls="export-choices"
          onClick={() => setExportOpen((open) => !open)}
        >
          Export history
        </Button>
        <Button
          size="sm"
          disabled={importing !== undefined}
          onClick={() => fileInput.current?.click()}
        >
          Import history
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json,application/zip,.zip"
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
          aria-expanded={savedOpen}
          aria-controls="saved-pictures"
          onClick={() => setSavedOpen((open) => !open)}
        >
          Saved pictures
        </Button>
        <Button
          size="sm"
          variant="danger"
          disabled={jobs.length === 0 || importing !== undefined}
          onClick={() => setConfirming(true)}
        >
          Clear all
        </Button>
      </div>
      {exportOpen && jobs.length > 0 ? (
        <ExportChoices onChoose={(format) => void exportAs(format)} onClose={closeExport} />
      ) : null}
      {savedOpen ? (
        <div id="saved-pictures">
          <Suspense fallback={null}>
            <SavedPictures />
          </Suspense>
        </div>
      ) : null}
      {confirming ? (
        <div
          role="alertdialog"
          aria-label="Clear all history"
          className="flex flex-wrap items-center gap-2 rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200"
        >
          <p className="flex-1">
            {jobs.length === 1
              ? 'Delete the one generation and its pictures from this browser?'
              : `Delete all ${jobs.length} generations and their pictures from this browser?`}{' '}
            This cannot be undone (export first to keep a copy).
          </p>
          <Button
            size="sm"
            variant="danger"
            onClick={() => {
              setConfirming(false);
              // Their saved pictures go too (a clear has no Undo).
              void jobStore
                .clear()
                .then(forgetAllPictures)
                .catch(() => undefined);
            }}
          >
            Delete all
          </Button>
          <Button size="sm" onClick={() => setConfirming(false)} autoFocus>
            Keep them
          </Button>
        </div>
      ) : null}
      {importing !== undefined || notice ? (
        <p role="status" className="text-sm text-slate-700">
          {importing === undefined
            ? notice
            : importing === 'reading'
              ? 'Reading the file…'
              : `Importing… ${importing.done} of ${generations(importing.total)}`}
        </p>
      ) : null}
      {importing !== undefined ? (
        <ProgressBar
          label="Importing history"
          percent={
            importing === 'reading' || importing.total === 0
              ? undefined
              : (100 * importing.done) / importing.total
          }
          valueText={
            importing === 'reading'
              ? 'Reading the file'
              : `${importing.done} of ${generations(importing.total)}`
          }
        />
      ) : null}
    </div>
  );
}
