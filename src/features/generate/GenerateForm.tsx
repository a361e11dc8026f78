import { zodResolver } from '@hookform/resolvers/zod';
import { type BaseSyntheticEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { type Control, type FieldErrors, useForm, useWatch } from 'react-hook-form';
import { schedulerNames } from '../../api/requestSchemas';
import { markStarted, useHydrating } from '../../lib/hydration';
import { Button } from '../../ui/Button';
import { Field, inputClass } from '../../ui/Field';
import { links } from '../errors';
import { addGeneration, isInTabHands, jobStore } from '../jobs';
import {
  ignoresNegativePrompt,
  ModelPickerDialog,
  preloadModelPicker,
  preloadModelPickerWhenIdle,
  rememberModelUse,
} from '../models';
import { openConnection, resolveConnection, settingsStore, useSettings } from '../settings';
import {
  hasFiles,
  imageFileFromDrop,
  imageFileFromPaste,
  type PickedPicture,
} from '../startPicture';
import { endEarlyTyping, loadDraft, saveDraft } from './formDraft';
import {
  defaultFormValues,
  type GenerateFormOutput,
  type GenerateFormValues,
  generateSchema,
  MAX_SEED,
  moreSettingsFields,
  serverFieldToFormField,
  snapToEight,
  toGeneration,
} from './generateSchema';
import { KeyboardHint } from './KeyboardHint';
import { StartingPicture } from './StartingPicture';

const DOUBLE_SUBMIT_MS = 1500;

const SIZE_PRESETS = [
  { label: 'Square', ratio: '1:1', width: 1024, height: 1024 },
  { label: 'Landscape', ratio: '4:3', width: 1024, height: 768 },
  { label: 'Portrait', ratio: '3:4', width: 768, height: 1024 },
  { label: 'Wide', ratio: '16:9', width: 1024, height: 576 },
  { label: 'Tall', ratio: '9:16', width: 576, height: 1024 },
  { label: 'Small', ratio: '512', width: 512, height: 512 },
] as const;

type FieldName = keyof GenerateFormValues;

/** The order a person meets the fields in: the first one at fault is focused. */
const fieldOrder: FieldName[] = [
  'prompt',
  'initImage',
  'maskImage',
  'strength',
  'model',
  'negativePrompt',
  'width',
  'height',
  'samples',
  ...moreSettingsFields,
];

const isMoreSetting = (field: FieldName) =>
  (moreSettingsFields as readonly FieldName[]).includes(field);

const differsFromDefault = (values: GenerateFormValues) =>
  moreSettingsFields.some((field) => values[field] !== defaultFormValues[field]);

function randomSeed(): number {
  // getRandomValues works on plain http too (unlike randomUUID).
  const buffer = new Uint32Array(1);
  crypto.getRandomValues(buffer);
  return (buffer[0] ?? 0) % (MAX_SEED + 1);
}

/** The request field a label names, so a server message about it is plainly about this field. */
const Param = ({ children }: { children: string }) => (
  <span className="font-mono text-xs font-normal text-slate-500">({children})</span>
);

function PromptCounter({
  control,
}: {
  control: Control<GenerateFormValues, unknown, GenerateFormOutput>;
}) {
  const count = useWatch({ control, name: 'prompt' }).length;
  return (
    <span className="shrink-0 tabular-nums">
      {count} {count === 1 ? 'character' : 'characters'}
    </span>
  );
}

/**
 * What the form is asked to take, a new object each time: all its values ("Use these
 * settings"), or a picture to start from ("Use as starting picture", "Fix a part": a
 * file, so it is uploaded like any other), keeping what is typed.
 */
export type FormFill =
  | { values: GenerateFormValues }
  | { startFrom: PickedPicture; paint?: boolean };

export function GenerateForm({
  fill,
  belowGenerate,
}: {
  fill?: FormFill;
  /** Shown right under the Generate button, where the person is looking after a click. */
  belowGenerate?: React.ReactNode;
}) {
  const settings = useSettings();
  const connection = resolveConnection(settings);
  const hydrating = useHydrating();
  const [draft] = useState(() => (hydrating ? defaultFormValues : loadDraft()));
  const form = useForm<GenerateFormValues, unknown, GenerateFormOutput>({
    resolver: zodResolver(generateSchema),
    defaultValues: draft,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    // Some fields are folded away: focus is moved by `reveal`, once they can be seen.
    shouldFocusError: false,
  });
  const { register, formState, setValue, getValues, watch, setFocus } = form;
  const errors = formState.errors;

  const [moreOpen, setMoreOpen] = useState(() => differsFromDefault(draft));
  // The prerendered form is hydrated blank (as the HTML has it): this tab's draft goes in
  // once React has taken the page over.
  const hydrated = useRef(hydrating);
  useEffect(() => {
    if (hydrating || !hydrated.current) return;
    hydrated.current = false;
    const saved = loadDraft();
    const fields = Object.keys(defaultFormValues) as (keyof GenerateFormValues)[];
    if (fields.every((field) => saved[field] === defaultFormValues[field])) return;
    form.reset(saved);
    if (differsFromDefault(saved)) setMoreOpen(true);
  }, [hydrating, form]);
  useEffect(() => {
    if (hydrating) return;
    endEarlyTyping();
    markStarted('form');
  }, [hydrating]);
  // The schedulers' descriptions come with "More settings" (most never open it).
  const [schedulerWords, setSchedulerWords] = useState<Record<string, string>>();
  useEffect(() => {
    if (!moreOpen || schedulerWords) return;
    import('./schedulers').then(
      (module) => setSchedulerWords(Object.fromEntries(module.schedulerChoices)),
      () => undefined,
    );
  }, [moreOpen, schedulerWords]);
  const [focusNext, setFocusNext] = useState<{ field: FieldName }>();
  useEffect(() => {
    if (focusNext) setFocus(focusNext.field);
  }, [focusNext, setFocus]);
  /** Opens "More settings" if a field at fault is in it, and focuses the first one. */
  const reveal = (fields: FieldName[]) => {
    const first = fieldOrder.find((field) => fields.includes(field));
    if (!first) return;
    if (fields.some(isMoreSetting)) setMoreOpen(true);
    setFocusNext({ field: first });
  };

  const submitted = useRef(new Set<string>());
  const lastSubmit = useRef<{ at: number; body: string }>({ at: 0, body: '' });
  const onValid = (values: GenerateFormOutput) => {
    if (!connection.ok) return;
    const { kind, params } = toGeneration(values);
    // A double click (the same request twice within a moment) sends once.
    const body = JSON.stringify({ kind, params });
    const now = Date.now();
    if (body === lastSubmit.current.body && now - lastSubmit.current.at < DOUBLE_SUBMIT_MS) return;
    lastSubmit.current = { at: now, body };
    submitted.current.add(addGeneration(params, connection.connection, kind).localId);
    rememberModelUse(params.model_id);
    setStarting(true);
  };
  const onInvalid = (fieldErrors: FieldErrors<GenerateFormValues>) =>
    reveal(Object.keys(fieldErrors) as FieldName[]);
  // A moment of "busy" on the button: the click was taken (the new tile says the rest).
  const [starting, setStarting] = useState(false);
  useEffect(() => {
    if (!starting) return;
    const timer = setTimeout(() => setStarting(false), 1000);
    return () => clearTimeout(timer);
  }, [starting]);

  useEffect(() => {
    const subscription = watch((values) => saveDraft(values));
    return () => subscription.unsubscribe();
  }, [watch]);

  const promptRef = useRef<HTMLTextAreaElement | null>(null);
  const promptField = register('prompt');
  const { reset } = form;
  // A picture dropped or pasted anywhere on the form, or a result to start from.
  const [offered, setOffered] = useState<File | PickedPicture>();
  const [paintRequested, setPaintRequested] = useState(false);
  useEffect(() => {
    if (!fill) return;
    if ('startFrom' in fill) {
      setOffered(fill.startFrom);
      setPaintRequested(Boolean(fill.paint));
      promptRef.current?.scrollIntoView({ block: 'center' });
      promptRef.current?.focus();
      return;
    }
    reset(fill.values);
    if (differsFromDefault(fill.values)) setMoreOpen(true);
    promptRef.current?.scrollIntoView({ block: 'center' });
    promptRef.current?.focus();
  }, [fill, reset]);
  const [dropping, setDropping] = useState(false);

  // The model picker; focus goes back where it came from when it closes.
  const [picker, setPicker] = useState<{ problem?: string; from: 'button' | 'field' }>();
  const browseRef = useRef<HTMLButtonElement>(null);
  const closePicker = () => {
    if (picker?.from === 'field') setFocus('model');
    else browseRef.current?.focus();
    setPicker(undefined);
  };
  useEffect(preloadModelPickerWhenIdle, []);

  // When the server rejects a field of this form's own request, its exact words appear
  // at that field too; an unknown model also opens the picker. (Watched without
  // re-rendering the form on every job update.)
  const { setError, clearErrors } = form;
  const revealRef = useRef(reveal);
  revealRef.current = reveal;
  useEffect(
    () =>
      jobStore.subscribe(() => {
        for (const localId of submitted.current) {
          const job = jobStore.get(localId);
          if (!job || isInTabHands(job)) continue;
          submitted.current.delete(localId);
          if (job.state === 'failed' && job.error?.kind === 'model-not-found') {
            const problem = job.error.serverMessage || 'Model not found';
            setError('model', { type: 'server', message: problem });
            setPicker({ problem, from: 'field' });
            continue;
          }
          if (job.state !== 'failed' || job.error?.kind !== 'invalid-field') continue;
          const marked: FieldName[] = [];
          for (const [serverField, messages] of Object.entries(job.error.fieldErrors ?? {})) {
            const field = Object.hasOwn(serverFieldToFormField, serverField)
              ? serverFieldToFormField[serverField]
              : undefined;
            if (field && messages[0]) {
              setError(field, { type: 'server', message: messages[0] });
              marked.push(field);
            }
          }
          revealRef.current(marked);
        }
      }),
    [setError],
  );

  // Sizes off the grid of 8 are rounded (when the field is left, and before sending),
  // and the person is told.
  const [snapped, setSnapped] = useState<{ width?: number; height?: number }>({});
  const snap = (name: 'width' | 'height') => {
    const value = snapToEight(getValues(name));
    if (value === undefined) return;
    setValue(name, String(value), { shouldValidate: formState.isSubmitted });
    setSnapped((notes) => ({ ...notes, [name]: value }));
  };
  const setSize = (width: string, height: string) => {
    setValue('width', width, { shouldValidate: formState.isSubmitted });
    setValue('height', height, { shouldValidate: formState.isSubmitted });
    setSnapped({});
  };

  const handleSubmit = form.handleSubmit(onValid, onInvalid);
  const submit = (event?: BaseSyntheticEvent) => {
    snap('width');
    snap('height');
    return handleSubmit(event);
  };

  const width = watch('width');
  const height = watch('height');
  const model = watch('model');
  const negativeIgnored = ignoresNegativePrompt(model);

  const numberInput = (
    name: 'width' | 'height' | 'samples' | 'steps' | 'guidanceScale',
    label: ReactNode,
    props: { min: number; max: number; step: number | 'any' },
    hint?: string,
  ) => (
    <Field label={label} hint={hint} error={errors[name]?.message}>
      {(control) => (
        <input
          {...control}
          {...register(
            name,
            name === 'width' || name === 'height'
              ? {
                  onBlur: () => snap(name),
                  onChange: () =>
                    setSnapped((notes) =>
                      notes[name] === undefined ? notes : { ...notes, [name]: undefined },
                    ),
                }
              : undefined,
          )}
          type="number"
          inputMode="decimal"
          className={inputClass}
          {...props}
        />
      )}
    </Field>
  );

  const snapNotes = (['width', 'height'] as const)
    .filter((side) => snapped[side] !== undefined)
    .map(
      (side) =>
        `${side === 'width' ? 'Width' : 'Height'} rounded to ${snapped[side]}, a multiple of 8.`,
    )
    .join(' ');

  return (
    <form
      aria-label="Describe your picture"
      noValidate
      onSubmit={submit}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          void submit();
        }
      }}
      onPaste={(event) => {
        const file = imageFileFromPaste(event);
        if (!file) return;
        event.preventDefault();
        setOffered(file);
      }}
      onDragOver={(event) => {
        if (!hasFiles(event)) return;
        event.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(event) => {
        setDropping(false);
        const file = imageFileFromDrop(event);
        if (!file) return;
        event.preventDefault();
        setOffered(file);
      }}
      className={`flex flex-col gap-4 rounded-xl bg-surface p-4 shadow-sm ring-1 ${dropping ? 'ring-2 ring-indigo-500' : 'ring-slate-200'}`}
    >
      <Field
        label="Prompt"
        hint={
          <span className="flex justify-between gap-2">
            <span>Describe the picture in a sentence or two.</span>
            <PromptCounter control={form.control} />
          </span>
        }
        error={errors.prompt?.message}
      >
        {(control) => (
          <textarea
            {...control}
            {...promptField}
            ref={(element) => {
              promptField.ref(element);
              promptRef.current = element;
            }}
            rows={3}
            className={inputClass}
            placeholder="A lighthouse on a cliff at sunset, oil painting"
          />
        )}
      </Field>

      <StartingPicture
        form={form}
        offered={offered}
        onOfferTaken={() => setOffered(undefined)}
        paintRequested={paintRequested}
        onPaintHandled={() => setPaintRequested(false)}
      />

      {!connection.ok ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
          {connection.problem === 'key' ? (
            <>
              <button
                type="button"
                className="font-medium underline hover:no-underline"
                onClick={() => openConnection({ focus: 'api-key' })}
              >
                Paste your ModelsLab API key
              </button>{' '}
              under Connection first (find it on{' '}
              <a href={links.apiKeys.href} target="_blank" rel="noreferrer" className="underline">
                your API keys page
              </a>
              ), or{' '}
              <button
                type="button"
                className="font-medium underline hover:no-underline"
                onClick={() => settingsStore.update({ connection: 'sandbox' })}
              >
                try it free in the sandbox
              </button>{' '}
              (simulated pictures, no key needed).
            </>
          ) : (
            'Enter the API address under Connection first.'
          )}
        </p>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button
          type="submit"
          variant="primary"
          size="lg"
          disabled={!connection.ok}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          {starting ? (
            <span
              data-testid="generate-busy"
              className="size-4 animate-spin rounded-full border-2 border-on-accent border-t-transparent"
              aria-hidden
            />
          ) : null}
          Generate
        </Button>
        <KeyboardHint />
      </div>
      {belowGenerate}

      <Field
        label="Model"
        hint={
          negativeIgnored
            ? `The AI model that draws the picture. ${model.trim()} ignores the negative prompt, so that field is hidden.`
            : 'The AI model that draws the picture; flux suits most pictures.'
        }
        error={errors.model?.message}
      >
        {(control) => (
          <div className="flex gap-2">
            <input
              {...control}
              {...register('model')}
              autoComplete="off"
              spellCheck={false}
              className={inputClass}
            />
            <Button
              ref={browseRef}
              aria-haspopup="dialog"
              className="shrink-0"
              onPointerEnter={preloadModelPicker}
              onFocus={preloadModelPicker}
              onClick={() => setPicker({ from: 'button' })}
            >
              Browse models
            </Button>
          </div>
        )}
      </Field>
      {picker ? (
        <ModelPickerDialog
          current={model}
          problem={picker.problem}
          onChoose={(id) => {
            setValue('model', id, { shouldValidate: formState.isSubmitted });
            clearErrors('model');
          }}
          onClose={closePicker}
        />
      ) : null}

      {/* Hidden, not removed: its text stays in the draft for a model that reads it. */}
      <div hidden={negativeIgnored}>
        <Field
          label="Negative prompt"
          hint="Things you do not want in the picture (optional)."
          error={errors.negativePrompt?.message}
        >
          {(control) => (
            <textarea
              {...control}
              {...register('negativePrompt')}
              rows={2}
              className={inputClass}
              placeholder="blurry, text, watermark"
            />
          )}
        </Field>
      </div>

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium text-slate-800">Size (pixels)</legend>
        <fieldset className="flex flex-wrap gap-1.5" aria-label="Size presets">
          {SIZE_PRESETS.map((preset) => {
            const active = width === String(preset.width) && height === String(preset.height);
            return (
              <Button
                key={preset.label}
                size="sm"
                variant={active ? 'primary' : 'secondary'}
                aria-pressed={active}
                onClick={() => setSize(String(preset.width), String(preset.height))}
              >
                {preset.label} {preset.ratio === '512' ? '' : preset.ratio}
                <span
                  className={
                    active
                      ? 'text-xs text-indigo-100 dark:text-on-accent'
                      : 'text-xs text-slate-500'
                  }
                >
                  {preset.width}×{preset.height}
                </span>
              </Button>
            );
          })}
        </fieldset>
        <div className="grid grid-cols-[1fr_auto_1fr] items-end gap-2">
          {numberInput('width', 'Width', { min: 256, max: 1024, step: 8 })}
          {/* Named by its text, not aria-label, so it is not found as a "Width" label. */}
          <Button
            size="sm"
            className="mb-1"
            title="Swap width and height"
            onClick={() => setSize(getValues('height'), getValues('width'))}
          >
            <span aria-hidden="true">⇄</span>
            <span className="sr-only">Swap width and height</span>
          </Button>
          {numberInput('height', 'Height', { min: 256, max: 1024, step: 8 })}
        </div>
        <p className="text-xs text-slate-500">
          256 to 1024, in steps of 8. <span role="status">{snapNotes}</span>
        </p>
      </fieldset>

      {numberInput(
        'samples',
        <>
          Images <Param>samples</Param>
        </>,
        { min: 1, max: 4, step: 1 },
        'How many pictures to make at once, 1 to 4.',
      )}

      <div className="flex flex-col gap-4">
        <Button
          variant="ghost"
          className="self-start"
          aria-expanded={moreOpen}
          aria-controls="more-settings"
          onClick={() => setMoreOpen((open) => !open)}
        >
          <span aria-hidden="true">{moreOpen ? '▾' : '▸'}</span> More settings
        </Button>
        <div id="more-settings" hidden={!moreOpen} className="flex flex-col gap-4">
          {numberInput(
            'steps',
            <>
              Steps <Param>num_inference_steps</Param>
            </>,
            { min: 1, max: 50, step: 1 },
            'How many times the picture is refined, 1 to 50. More is slower and often finer.',
          )}
          {numberInput(
            'guidanceScale',
            <>
              Guidance scale <Param>guidance_scale</Param>
            </>,
            { min: 1, max: 20, step: 'any' },
            'How closely to follow the prompt, 1 to 20. Higher follows it more literally.',
          )}
          <Field
            label="Seed"
            hint="The starting point: the same seed and settings make the same picture again. Blank for a random one."
            error={errors.seed?.message}
          >
            {(control) => (
              <div className="flex gap-2">
                <input
                  {...control}
                  {...register('seed')}
                  inputMode="numeric"
                  autoComplete="off"
                  className={inputClass}
                  placeholder="random"
                />
                <Button
                  size="sm"
                  title="Pick a random seed"
                  onClick={() =>
                    setValue('seed', String(randomSeed()), {
                      shouldValidate: formState.isSubmitted,
                    })
                  }
                >
                  Random
                </Button>
              </div>
            )}
          </Field>
          <Field
            label="Scheduler"
            hint="The method that refines the picture at each step. Most give similar pictures."
            error={errors.scheduler?.message}
          >
            {(control) => (
              <select {...control} {...register('scheduler')} className={inputClass}>
                <option value="">Service default (UniPC)</option>
                {schedulerNames.map((name) => (
                  <option key={name} value={name}>
                    {schedulerWords?.[name] ? `${schedulerWords[name]} (${name})` : name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </div>
    </form>
  );
}
