import { isApiError } from '../../api/ApiError';
import { Button } from '../../ui/Button';
import { cn } from '../../ui/cn';
import { errorTable, links } from '../errors';
import { useSettings } from '../settings';
import { formatBalance } from './formatBalance';
import { useBalance } from './useBalance';

/**
 * Under the API key field: whether ModelsLab takes the key, found with one balance call
 * once the key has stopped changing, before anything is generated. Read out politely.
 */
export function KeyCheck() {
  const { kind, state, refresh } = useBalance();
  const { connection } = useSettings();
  const error = state?.error;
  return (
    // A line is kept for the answer, so it does not push down what is under the cursor.
    <p
      role="status"
      className={cn('text-sm text-slate-700', connection !== 'sandbox' && 'min-h-5')}
    >
      {!kind || kind === 'sandbox' ? null : state?.data ? (
        `Key works · balance ${formatBalance(state.data)}`
      ) : state?.fetchStatus === 'paused' ? (
        'You are offline: the key will be checked when the connection is back.'
      ) : !error || state.fetchStatus === 'fetching' ? (
        'Checking your key…'
      ) : isApiError(error) && error.kind === 'key' ? (
        <>
          <strong className="text-red-800">ModelsLab refused this key</strong>
          {error.serverMessage ? (
            <>
              : <q>{error.serverMessage}</q>
            </>
          ) : null}
          .{' '}
          <a href={links.apiKeys.href} target="_blank" rel="noreferrer" className="underline">
            Get or check your key
          </a>
        </>
      ) : (
        <>
          The key could not be checked yet:{' '}
          {isApiError(error) ? errorTable[error.kind].title : error.message}.{' '}
          <Button size="sm" onClick={refresh}>
            Check the key again
          </Button>
        </>
      )}
    </p>
  );
}
