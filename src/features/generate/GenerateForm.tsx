import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '../../ui/Button';
import { Field, inputClass } from '../../ui/Field';
import { links } from '../errors';
import { addGeneration, isInTabHands, jobStore } from '../jobs';
import { resolveConnection, useSettings } from '../settings';
import { loadDraft, saveDraft } from './formDraft';
import {
  type GenerateFormOutput,
  type GenerateFormValues,
  generateSchema,
  MAX_SEED,
  serverFieldToFormField,
  toText2ImgParams,
} from './generateSchema';

const DOUBLE_SUBMIT_MS = 1500;

const MODEL_SUGGESTIONS = ['flux', 'sdxl', 'realistic-vision-v51', 'midjourney'];

const SIZE_PRESETS = [
  { label: 'Square', ratio: '1:1', width: 1024, height: 1024 },
  { label: 'Landscape', ratio: '4:3', width: 1024, height: 768 },
  { label: 'Portrait', ratio: '3:4', width: 768, height: 1024 },
  { label: 'Wide', ratio: '16:9', width: 1024, height: 576 },
  { label: 'Tall', ratio: '9:16', width: 576, height: 1024 },
  { label: 'Small', ratio: '512', width: 512, height: 512 },
] as const;

function randomSeed(): number {
  // getRandomValues works on plain http too (unlike randomUUID).
  const buffer = new Uint32Array(1);
  crypto.getRandomValues(buffer);
  return (buffer[0] ?? 0) % (MAX_SEED + 1);
}

/** Values for the form to take ("Use these settings"); a new object each time it is asked. */
export type FormFill = { values: GenerateFormValues };

export function GenerateForm({ fill }: { fill?: FormFill }) {
  const settings = useSettings();
  const connection = resolveConnection(settings);
  const [draft] = useState(loadDraft);
  const form = useForm<GenerateFormValues, unknown, GenerateFormOutput>({
    resolver: zodResolver(generateSchema),
    defaultValues: draft,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
  });
  const { register, formState, setValue, watch } = form;
  const errors = formState.errors;

  const submitted = useRef(new Set<string>());
  const lastSubmit = useRef<{ at: number; body: string }>({ at: 0, body: '' });
  const onValid = (values: GenerateFormOutput) => {
    if (!connection.ok) return;
    const params = toText2ImgParams(values);
    // A double click (the same request twice within a moment) sends once.
    const body = JSON.stringify(params);
    const now = Date.now();
    if (body === lastSubmit.current.body && now - lastSubmit.current.at < DOUBLE_SUBMIT_MS) return;
    lastSubmit.current = { at: now, body };
    submitted.current.add(addGeneration(params, connection.connection).localId);
    setStarting(true);
  };
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
  useEffect(() => {
    if (!fill) return;
    reset(fill.values);
    promptRef.current?.scrollIntoView({ block: 'center' });
    promptRef.current?.focus();
  }, [fill, reset]);

  // When the server rejects a field of this form's own request, its exact words appear
  // at that field too. (Watched without re-rendering the form on every job update.)
  const { setError } = form;
  useEffect(
    () =>
      jobStore.subscribe(() => {
        for (const localId of submitted.current) {
          const job = jobStore.get(localId);
          if (!job || isInTabHands(job)) continue;
          submitted.current.delete(localId);
          if (job.state !== 'failed' || job.error?.kind !== 'invalid-field') continue;
          for (const [serverField, messages] of Object.entries(job.error.fieldErrors ?? {})) {
            const field = Object.hasOwn(serverFieldToFormField, serverField)
              ? serverFieldToFormField[serverField]
              : undefined;
            if (field && messages[0]) {
              setError(field, { type: 'server', message: messages[0] }, { shouldFocus: true });
            }
          }
        }
      }),
    [setError],
  );
  const submit = form.handleSubmit(onValid);

  const width = watch('width');
  const height = watch('height');

  const numberInput = (
    name: 'width' | 'height' | 'samples' | 'steps' | 'guidanceScale',
    props: { min: number; max: number; step: number | 'any' },
  ) => (
    <Field label={labels[name]} error={errors[name]?.message}>
      {(control) => (
        <input
          {...control}
          {...register(name)}
          type="number"
          inputMode="decimal"
          className={inputClass}
          {...props}
        />
      )}
    </Field>
  );

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
      className="flex flex-col gap-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <Field
        label="Prompt"
        hint="Describe the picture in a sentence or two."
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

      <Field
        label="Negative prompt"
        hint="Things you do not want in the picture (optional; ignored by flux)."
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

      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field label="Model" hint="flux suits most pictures." error={errors.model?.message}>
          {(control) => (
            <>
              <input
                {...control}
                {...register('model')}
                list="model-suggestions"
                autoComplete="off"
                spellCheck={false}
                className={inputClass}
              />
              <datalist id="model-suggestions">
                {MODEL_SUGGESTIONS.map((model) => (
                  <option key={model} value={model} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        {numberInput('samples', { min: 1, max: 4, step: 1 })}
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
                onClick={() => {
                  setValue('width', String(preset.width), {
                    shouldValidate: formState.isSubmitted,
                  });
                  setValue('height', String(preset.height), {
                    shouldValidate: formState.isSubmitted,
                  });
                }}
              >
                {preset.label} {preset.ratio === '512' ? '' : preset.ratio}
                <span className={active ? 'text-xs text-indigo-100' : 'text-xs text-slate-500'}>
                  {preset.width}×{preset.height}
                </span>
              </Button>
            );
          })}
        </fieldset>
        <div className="grid grid-cols-2 gap-4">
          {numberInput('width', { min: 256, max: 1024, step: 8 })}
          {numberInput('height', { min: 256, max: 1024, step: 8 })}
        </div>
      </fieldset>

      <div className="grid grid-cols-2 gap-4">
        {numberInput('steps', { min: 1, max: 50, step: 1 })}
        {numberInput('guidanceScale', { min: 1, max: 20, step: 'any' })}
      </div>
      <div>
        <Field label="Seed" hint="Blank for a random picture." error={errors.seed?.message}>
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
                  setValue('seed', String(randomSeed()), { shouldValidate: formState.isSubmitted })
                }
              >
                Random
              </Button>
            </div>
          )}
        </Field>
      </div>

      {!connection.ok ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
          {connection.problem === 'key' ? (
            <>
              <a href="#api-key" className="font-medium underline">
                Paste your ModelsLab API key
              </a>{' '}
              under Connection first (find it on{' '}
              <a href={links.apiKeys.href} target="_blank" rel="noreferrer" className="underline">
                your API keys page
              </a>
              ), or choose Sandbox to try the app for free.
            </>
          ) : (
            'Enter the API address under Connection first.'
          )}
        </p>
      ) : null}

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" size="lg" disabled={!connection.ok}>
          {starting ? (
            <span
              data-testid="generate-busy"
              className="size-4 animate-spin rounded-full border-2 border-white border-t-transparent"
              aria-hidden
            />
          ) : null}
          Generate
        </Button>
        <span className="text-xs text-slate-500">or press Ctrl+Enter (⌘+Enter on a Mac)</span>
      </div>
    </form>
  );
}

const labels = {
  width: 'Width',
  height: 'Height',
  samples: 'Images',
  steps: 'Steps',
  guidanceScale: 'Guidance scale',
} as const;
