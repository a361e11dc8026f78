import { isApiError } from '../../api/ApiError';
import { Button } from '../../ui/Button';
import { errorTable, links } from '../errors';
import { formatBalance } from './formatBalance';
import { useBalance } from './useBalance';

/**
 * Under the API key field: whether ModelsLab takes the key, found with one balance call
 * once the key has stopped changing, before anything is generated. Read out politely.
 */
export function KeyCheck() {
  const { kind, query } = useBalance();
  return (
    <div role="status" className="text-sm empty:hidden">
      {kind && kind !== 'sandbox' ? <Outcome query={query} /> : null}
    </div>
  );
}

function Outcome({ query }: { query: ReturnType<typeof useBalance>['query'] }) {
  if (query.data) {
    return <p className="text-green-800">Key works · balance {formatBalance(query.data)}</p>;
  }
  if (query.isFetching) return <p className="text-slate-600">Checking your key…</p>;
  const error = query.error;
  if (!error) return null;
  if (isApiError(error) && error.kind === 'key') {
    return (
      <div className="flex flex-col gap-1 text-red-800">
        <p className="font-medium">ModelsLab refused this key</p>
        {error.serverMessage ? (
          <p>
            It said: <q className="break-words font-mono text-xs">{error.serverMessage}</q>
          </p>
        ) : null}
        <a href={links.apiKeys.href} target="_blank" rel="noreferrer" className="underline">
          Get or check your key
        </a>
      </div>
    );
  }
  const why = isApiError(error) ? errorTable[error.kind].title : error.message;
  return (
    <div className="flex flex-wrap items-center gap-2 text-amber-900">
      <p>The key could not be checked yet: {why}.</p>
      <Button size="sm" onClick={() => void query.refetch()}>
        Check the key again
      </Button>
    </div>
  );
}
