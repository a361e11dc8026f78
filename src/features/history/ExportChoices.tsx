import { Button } from '../../ui/Button';

/**
 * The two ways to export, each with a line on what it keeps. Focus starts on the first;
 * Escape closes them (the toggle takes focus back).
 */
export function ExportChoices({
  onChoose,
  onClose,
}: {
  onChoose: (format: 'json' | 'zip') => void;
  onClose: () => void;
}) {
  return (
    <fieldset
      id="export-choices"
      aria-describedby="export-choices-intro"
      className="flex flex-col gap-3 rounded-lg bg-surface p-3 text-sm text-slate-700 ring-1 ring-slate-200"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <legend className="sr-only">Export history</legend>
      <p id="export-choices-intro">
        Save your history as a file, to keep it or to open it in another browser with “Import
        history”. Your API key is never in it.
      </p>
      <div className="flex flex-col gap-1">
        <div>
          <Button
            size="sm"
            autoFocus
            aria-describedby="export-json-says"
            onClick={() => onChoose('json')}
          >
            History only (.json)
          </Button>
        </div>
        <p id="export-json-says" className="text-slate-600">
          A small file with the prompts and settings. Pictures made with ModelsLab are only linked
          in it, and their links stop working after about a day.
        </p>
      </div>
      <div className="flex flex-col gap-1">
        <div>
          <Button size="sm" aria-describedby="export-zip-says" onClick={() => onChoose('zip')}>
            History and pictures (.zip)
          </Button>
        </div>
        <p id="export-zip-says" className="text-slate-600">
          A bigger file that also holds the pictures saved in this browser, so they still show after
          their links stop working.
        </p>
      </div>
    </fieldset>
  );
}
