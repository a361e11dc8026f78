import { useId, useState } from 'react';
import { Button } from '../../ui/Button';
import { saveBlob } from '../../ui/saveFile';
import type { UnreadableRow } from '../jobs';
import { unreadableFileContents, unreadableFileName } from './unreadableFile';

/**
 * Saved generations the app cannot read: said plainly, with a way to keep them (a file of
 * what was stored) and a way to remove them from the browser.
 */
export default function UnreadableNotice({
  rows,
  removeUnreadable,
  apiKey,
}: {
  rows: UnreadableRow[];
  /** Deletes them from storage; answers whether it could. */
  removeUnreadable: () => Promise<boolean>;
  /** The key held now, taken out of the file "Export them as they are" saves. */
  apiKey: () => string;
}) {
  const headingId = useId();
  const [confirming, setConfirming] = useState(false);
  const [failed, setFailed] = useState(false);
  const count = rows.length;
  const them = count === 1 ? 'it' : 'them';

  const remove = async () => {
    setConfirming(false);
    setFailed(!(await removeUnreadable()));
  };

  return (
    <section
      aria-labelledby={headingId}
      className="flex flex-col gap-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200"
    >
      <h3 id={headingId} className="font-semibold">
        {count} saved {count === 1 ? 'generation' : 'generations'} could not be read
      </h3>
      <p>
        {count === 1 ? 'It was' : 'They were'} saved in this browser, perhaps by another version of
        the app, but the app cannot make sense of {them} now, so{' '}
        {count === 1 ? 'it is' : 'they are'} not in the list below. You can save {them} to a file
        exactly as {count === 1 ? 'it is' : 'they are'} (to keep, or to show someone who can help),
        or remove {them} from this browser.
      </p>
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          onClick={() =>
            saveBlob(
              new Blob([unreadableFileContents(rows, apiKey())], { type: 'application/json' }),
              unreadableFileName(),
            )
          }
        >
          Export {them} as {count === 1 ? 'it is' : 'they are'}
        </Button>
        <Button size="sm" variant="danger" onClick={() => setConfirming(true)}>
          Remove {them}
        </Button>
      </div>
      {confirming ? (
        <div
          role="alertdialog"
          aria-label="Remove what could not be read"
          className="flex flex-wrap items-center gap-2 rounded-lg bg-red-50 p-3 text-red-900 ring-1 ring-red-200"
        >
          <p className="flex-1">
            Remove {count === 1 ? 'this generation' : `these ${count} generations`} from this
            browser for good? This cannot be undone (export {them} first to keep a copy).
          </p>
          <Button size="sm" variant="danger" onClick={() => void remove()}>
            Remove
          </Button>
          <Button size="sm" onClick={() => setConfirming(false)} autoFocus>
            Keep {them}
          </Button>
        </div>
      ) : null}
      {failed ? (
        <p role="alert">The browser did not let the app remove {them}. Try again in a moment.</p>
      ) : null}
    </section>
  );
}
