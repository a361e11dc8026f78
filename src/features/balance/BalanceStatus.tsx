import { isApiError } from '../../api/ApiError';
import { Button } from '../../ui/Button';
import { openConnection } from '../settings';
import { formatBalance } from './formatBalance';
import { useBalance, useRefreshAfter } from './useBalance';

/**
 * The header's balance: "Balance 43.60 USD" with a refresh button, "Checking…", or "Key
 * refused" (which opens the key field). The sandbox's is labelled simulated and is never
 * shown as money. On phones the words before the number are left to screen readers.
 * `lastFinishedAt`: when a job last finished; the balance is asked for again after it.
 */
export function BalanceStatus({ lastFinishedAt }: { lastFinishedAt?: number }) {
  const { kind, state, refresh } = useBalance();
  useRefreshAfter(lastFinishedAt);
  if (!kind) return null;
  const simulated = kind === 'sandbox';
  const { data, error } = state ?? {};
  if (!data && isApiError(error) && error.kind === 'key') {
    return (
      <Button
        size="sm"
        variant="ghost"
        className="whitespace-nowrap text-amber-800"
        onClick={() => openConnection({ focus: 'api-key' })}
      >
        <span aria-hidden="true">⚠</span>
        Key refused{simulated ? ' (simulated)' : null}
      </Button>
    );
  }
  if (!data && !error) {
    return (
      <p className="text-sm text-slate-500">
        {state?.fetchStatus === 'paused' ? 'Balance: offline' : 'Checking…'}
      </p>
    );
  }
  return (
    <div className="flex items-center text-sm whitespace-nowrap text-slate-700">
      {data ? (
        <p>
          <span className="max-sm:sr-only">{simulated ? 'Sandbox balance ' : 'Balance '}</span>
          {formatBalance(data, simulated)}
          {simulated ? ' (simulated)' : null}
        </p>
      ) : simulated ? (
        <p title={isApiError(error) ? error.serverMessage || error.kind : undefined}>
          Balance unknown
        </p>
      ) : (
        // Why, and "Check the key again", are under the key field.
        <Button
          size="sm"
          variant="ghost"
          className="px-1.5 underline"
          onClick={() => openConnection({ focus: 'api-key' })}
        >
          Balance unknown
        </Button>
      )}
      <Button
        size="sm"
        variant="ghost"
        className="px-1.5"
        aria-label="Refresh balance"
        onClick={refresh}
      >
        <span
          aria-hidden="true"
          className={state?.fetchStatus === 'fetching' ? 'animate-spin' : undefined}
        >
          ↻
        </span>
      </Button>
    </div>
  );
}
