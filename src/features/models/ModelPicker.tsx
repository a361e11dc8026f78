import { useQuery } from '@tanstack/react-query';
import {
  type KeyboardEvent,
  type ReactNode,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { isApiError } from '../../api/ApiError';
import type { ModelInfo } from '../../api/modelList';
import { Button } from '../../ui/Button';
import { inputClass } from '../../ui/Field';
import { useOnline } from '../../ui/useOnline';
import { errorTable, links } from '../errors';
import { currentTarget, resolveConnection, useSettings } from '../settings';
import { modelMemory, useModelMemory } from './modelMemory';
import { modelQueries } from './modelQueries';
import type { ModelList } from './savedModelList';

export type ModelPickerProps = {
  /** The model in the form now. */
  current: string;
  /** Why the picker opened by itself: the service's words ("Model not found: …"). */
  problem?: string;
  onChoose: (modelId: string) => void;
  /** Called once the dialog has closed (chosen or not), so focus can go back. */
  onClose: () => void;
};

/** Rows drawn at once: a catalogue of thousands is narrowed by typing, not scrolled. */
const SHOWN = 60;

const when = (time: number) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(time);

const unknownModel = (id: string): ModelInfo => ({
  id,
  name: id,
  description: '',
  screenshot: undefined,
});

/** A searchable list of models in a modal dialog: arrows move, Enter picks, Escape closes. */
export default function ModelPicker(props: ModelPickerProps) {
  const target = currentTarget(useSettings());
  const saved = useQuery(modelQueries.saved(target));
  return (
    <PickerDialog {...props}>
      {(query) =>
        // No rows until the saved list is read: rows drawn before it would be drawn
        // again after, and a row focused with the arrows would lose the focus.
        saved.isPending ? (
          <p role="status" className="text-sm text-slate-600">
            Loading the list of models…
          </p>
        ) : (
          <ListBody {...props} query={query} saved={saved.data ?? null} />
        )
      }
    </PickerDialog>
  );
}

type BodyProps = ModelPickerProps & { query: QueryState };

/** The list: fetched when there is a connection to ask, the saved copy otherwise. */
function ListBody({ saved, ...props }: BodyProps & { saved: ModelList | null }) {
  const settings = useSettings();
  const resolved = resolveConnection(settings);
  const connection = resolved.ok ? resolved.connection : undefined;
  const list = useQuery(modelQueries.list(currentTarget(settings), connection, saved));
  const online = useOnline();
  const error = list.error;
  let missing: string | undefined;
  if (!resolved.ok) {
    missing =
      resolved.problem === 'key'
        ? 'The list of models needs your API key: paste it under Connection.'
        : 'The list of models needs the API address: enter it under Connection.';
  } else if (error) {
    const what = list.data
      ? 'A newer list of models could not be fetched'
      : 'The list of models could not be fetched';
    missing = isApiError(error)
      ? `${what}: ${errorTable[error.kind].title}.${
          error.serverMessage ? ` The service said: “${error.serverMessage}”.` : ''
        }`
      : `${what}.`;
  } else if (!online && resolved.connection.kind !== 'sandbox') {
    missing = 'You are offline.';
  }
  const canAsk = resolved.ok && (online || resolved.connection.kind === 'sandbox');
  return (
    <PickerBody
      {...props}
      state={{
        list: list.data,
        loading: list.isFetching && !list.data,
        missing,
        retry: resolved.ok && error ? () => void list.refetch() : undefined,
        refresh: list.data && canAsk ? () => void list.refetch() : undefined,
        refreshing: list.isFetching,
      }}
    />
  );
}

type ListState = {
  list?: ModelList;
  loading?: boolean;
  /** Why there is no list, or only an older one, in plain words. */
  missing?: string;
  retry?: () => void;
  refresh?: () => void;
  refreshing?: boolean;
};

type QueryState = { text: string };

/** The dialog shell: title, why it opened, the search box and closing. */
function PickerDialog({
  problem,
  onChoose,
  onClose,
  children,
}: ModelPickerProps & { children: (query: QueryState) => ReactNode }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const closed = useRef(false);
  const ids = useId();

  useLayoutEffect(() => {
    const element = dialog.current;
    if (element && !element.open) {
      if (typeof element.showModal === 'function') element.showModal();
      else element.setAttribute('open', '');
    }
    searchRef.current?.focus();
  }, []);

  const close = (chosen?: string) => {
    if (closed.current) return;
    closed.current = true;
    // Closed first, so the page behind is no longer inert when focus goes back to it.
    const element = dialog.current;
    if (element?.open && typeof element.close === 'function') element.close();
    else element?.removeAttribute('open');
    if (chosen !== undefined) onChoose(chosen);
    onClose();
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${ids}-title`}
      aria-describedby={problem ? `${ids}-problem` : undefined}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onKeyDown={(event) => {
        // The picker sits inside the form: its keys (Ctrl+Enter too) are its own.
        event.stopPropagation();
        if (event.key === 'Escape') {
          event.preventDefault();
          close();
        } else if (
          event.key.length === 1 &&
          event.key !== ' ' &&
          !(event.ctrlKey || event.metaKey || event.altKey) &&
          event.target !== searchRef.current
        ) {
          // Typing anywhere in the picker searches (the letter lands in the search box).
          searchRef.current?.focus();
        } else if (!event.defaultPrevented) {
          moveWithArrows(event, searchRef.current);
        }
      }}
      onClick={(event) => {
        const chosen = (event.target as HTMLElement).closest<HTMLElement>('[data-model-option]');
        if (chosen?.dataset.modelOption) close(chosen.dataset.modelOption);
      }}
      className="m-auto max-h-[90vh] w-[min(40rem,95vw)] flex-col gap-3 rounded-xl bg-surface p-4 text-slate-900 shadow-xl backdrop:bg-black/50 open:flex"
    >
      <div className="flex items-center justify-between gap-2">
        <h2 id={`${ids}-title`} className="text-base font-semibold">
          Choose a model
        </h2>
        <Button size="sm" onClick={() => close()}>
          Close
        </Button>
      </div>
      {problem ? (
        <p id={`${ids}-problem`} className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          “{problem}”: the service does not know that model. Pick one below, or check its spelling.
        </p>
      ) : null}
      <div className="flex flex-col gap-1">
        <label htmlFor={`${ids}-search`} className="text-sm font-medium text-slate-800">
          Search models
        </label>
        <input
          ref={searchRef}
          id={`${ids}-search`}
          type="search"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${ids}-search-hint`}
          className={inputClass}
          placeholder="A name, a style, or a model ID"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowDown') {
              event.preventDefault();
              options(dialog.current)[0]?.focus();
            }
            if (event.key === 'Enter') {
              event.preventDefault();
              if (!(event.ctrlKey || event.metaKey)) options(dialog.current)[0]?.click();
            }
          }}
        />
        <p id={`${ids}-search-hint`} className="text-xs text-slate-500">
          Down arrow to go through the list, Enter to pick, Escape to close.
        </p>
      </div>
      {children({ text })}
    </dialog>
  );
}

function options(root: HTMLElement | null): HTMLElement[] {
  return [...(root?.querySelectorAll<HTMLElement>('[data-model-option]') ?? [])];
}

/** Arrows go through the models (from a star too), and back up into the search box. */
function moveWithArrows(event: KeyboardEvent<HTMLElement>, searchBox: HTMLInputElement | null) {
  const all = options(event.currentTarget);
  const active = document.activeElement as HTMLElement | null;
  const row = active?.closest('li')?.querySelector<HTMLElement>('[data-model-option]');
  const index = row ? all.indexOf(row) : -1;
  if (index < 0) return;
  const next: Record<string, HTMLElement | null | undefined> = {
    ArrowDown: all[index + 1],
    ArrowUp: index === 0 ? searchBox : all[index - 1],
    Home: all[0],
    End: all.at(-1),
  };
  if (!(event.key in next)) return;
  event.preventDefault();
  next[event.key]?.focus();
}

type Section = { title: string; models: ModelInfo[] };

function PickerBody({ current, query, state }: BodyProps & { state: ListState }) {
  const memory = useModelMemory();
  const models = state.list?.models;
  const text = query.text.trim();
  const needle = text.toLowerCase();

  const { sections, matching, total } = useMemo(() => {
    const all = models ?? [];
    const byId = new Map(all.map((model) => [model.id, model]));
    const info = (id: string) => byId.get(id) ?? unknownModel(id);
    const favourites = memory.favourites.map(info);
    const recent = memory.recent.filter((id) => !memory.favourites.includes(id)).map(info);
    if (!needle) {
      const result: Section[] = [];
      if (favourites.length > 0) result.push({ title: 'Favourites', models: favourites });
      if (recent.length > 0) result.push({ title: 'Recently used', models: recent });
      if (all.length > 0) result.push({ title: 'All models', models: all.slice(0, SHOWN) });
      return { sections: result, matching: all.length, total: all.length };
    }
    // Favourites, then recently used, then the rest; a match in the name or ID first.
    const rank = (model: ModelInfo) => {
      const group = memory.favourites.includes(model.id)
        ? 0
        : memory.recent.includes(model.id)
          ? 1
          : 2;
      const where =
        model.id.toLowerCase().includes(needle) || model.name.toLowerCase().includes(needle)
          ? 0
          : 1;
      return group * 2 + where;
    };
    const candidates = [
      ...favourites,
      ...recent,
      ...all.filter((m) => !favourites.includes(m) && !recent.includes(m)),
    ];
    const found = candidates
      .filter((model) =>
        [model.id, model.name, model.description].some((field) =>
          field.toLowerCase().includes(needle),
        ),
      )
      .map((model, order) => ({ model, order, rank: rank(model) }))
      .sort((a, b) => a.rank - b.rank || a.order - b.order)
      .map(({ model }) => model);
    return {
      sections: [{ title: 'Matching models', models: found.slice(0, SHOWN) }],
      matching: found.length,
      total: all.length,
    };
  }, [models, memory, needle]);

  const exact = models?.some((model) => model.id === text);
  const count = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'model' : 'models'}`;
  let status = '';
  if (state.loading) status = 'Loading the list of models…';
  else if (models && !needle) {
    status =
      count(total) +
      (total > SHOWN ? `; the first ${SHOWN} are shown. Type to narrow the list.` : '.');
  } else if (models) {
    status =
      matching === 0
        ? `No model in the list matches “${text}”.`
        : `${matching.toLocaleString()} of ${count(total)} match${matching === 1 ? 'es' : ''}` +
          (matching > SHOWN ? `; the first ${SHOWN} are shown.` : '.');
  }

  return (
    <>
      <p role="status" className="text-sm text-slate-600 empty:hidden">
        {status}
      </p>
      {state.missing ? (
        <div role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <p>
            {state.missing}{' '}
            {state.list
              ? `Showing the list saved on ${when(state.list.fetchedAt)}.`
              : 'You can still type a model’s ID in the search box and pick it.'}
          </p>
          {state.retry ? (
            <Button size="sm" className="mt-2" onClick={state.retry}>
              Try again
            </Button>
          ) : null}
        </div>
      ) : null}
      <div className="-mx-1 flex min-h-0 flex-col gap-3 overflow-y-auto px-1">
        {sections.map((section) => (
          <ModelSection
            key={section.title}
            section={section}
            current={current}
            favourites={memory.favourites}
          />
        ))}
        {/* A model the list does not hold (or a list that is missing) can still be used. */}
        {text && !exact ? (
          <ul aria-label="Your own model ID">
            <li>
              <button
                type="button"
                data-model-option={text}
                className="w-full rounded-md px-3 py-2 text-left text-sm ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                Use “<span className="font-mono">{text}</span>” as the model ID
              </button>
            </li>
          </ul>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 pt-3 text-xs text-slate-500">
        <span>
          {state.list && !state.missing ? `List from ${when(state.list.fetchedAt)}.` : null}{' '}
          <a href={links.models.href} target="_blank" rel="noreferrer" className="underline">
            All models on ModelsLab
          </a>
        </span>
        {state.refresh ? (
          <Button size="sm" onClick={state.refresh} disabled={state.refreshing}>
            {state.refreshing ? 'Getting the latest list…' : 'Get the latest list'}
          </Button>
        ) : null}
      </div>
    </>
  );
}

function ModelSection({
  section,
  current,
  favourites,
}: {
  section: Section;
  current: string;
  favourites: string[];
}) {
  const id = useId();
  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-1">
      <h3
        id={`${id}-heading`}
        className="text-xs font-semibold tracking-wide text-slate-500 uppercase"
      >
        {section.title}
      </h3>
      <ul className="flex flex-col gap-1">
        {section.models.map((model, index) => (
          <ModelRow
            key={model.id}
            id={`${id}-${index}`}
            model={model}
            inUse={model.id === current.trim()}
            favourite={favourites.includes(model.id)}
          />
        ))}
      </ul>
    </section>
  );
}

function ModelRow({
  id,
  model,
  inUse,
  favourite,
}: {
  id: string;
  model: ModelInfo;
  inUse: boolean;
  favourite: boolean;
}) {
  return (
    <li className="flex items-stretch gap-1">
      <button
        type="button"
        data-model-option={model.id}
        aria-labelledby={`${id}-name`}
        aria-describedby={`${id}-id ${id}-about`}
        aria-current={inUse ? 'true' : undefined}
        className="flex min-w-0 flex-1 items-center gap-3 rounded-md p-2 text-left hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 aria-[current=true]:bg-indigo-50"
      >
        <Screenshot url={model.screenshot} />
        <span className="flex min-w-0 flex-col">
          <span id={`${id}-name`} className="text-sm font-medium">
            {model.name}
          </span>
          <span id={`${id}-id`} className="font-mono text-xs text-slate-600">
            {model.id}
            {inUse ? ' · in use now' : ''}
          </span>
          <span id={`${id}-about`} className="line-clamp-2 text-xs text-slate-600">
            {model.description}
          </span>
        </span>
      </button>
      <button
        type="button"
        onClick={() => modelMemory.toggleFavourite(model.id)}
        aria-label={
          favourite ? `Remove ${model.name} from favourites` : `Add ${model.name} to favourites`
        }
        title={favourite ? 'Remove from favourites' : 'Add to favourites'}
        className="shrink-0 rounded-md px-2 text-lg text-amber-500 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <span aria-hidden="true">{favourite ? '★' : '☆'}</span>
      </button>
    </li>
  );
}

/**
 * A model's picture; a placeholder when there is none, when it will not load, and for a
 * picture at a web address while offline (it could not load then).
 */
function Screenshot({ url }: { url: string | undefined }) {
  const online = useOnline();
  const [broken, setBroken] = useState(false);
  return url && !broken && (online || url.startsWith('data:')) ? (
    <img
      src={url}
      alt=""
      width={48}
      height={48}
      loading="lazy"
      decoding="async"
      referrerPolicy="no-referrer"
      onError={() => setBroken(true)}
      className="size-12 shrink-0 rounded bg-slate-100 object-cover"
    />
  ) : (
    <span aria-hidden="true" className="size-12 shrink-0 rounded bg-slate-100" />
  );
}
