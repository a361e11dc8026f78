import { z } from 'zod/mini';
import { schedulerNames } from '../../api/requestSchemas';
import { isSafeImageUrl } from '../../api/responseSchemas';
import { defaultFormValues, type GenerateFormValues } from './generateSchema';

/** What the person is typing survives a reload of the tab (sessionStorage: this tab only). */
const DRAFT_KEY = 'modelslab-studio.draft';

const text = (fallback: string) => z.catch(z.string(), fallback);
/** A picture's link is shown and sent: only what an answer's picture could be. */
const pictureLink = z.catch(
  z.string().check(z.refine((link) => link === '' || isSafeImageUrl(link))),
  '',
);
const draftSchema = z.object({
  prompt: text(defaultFormValues.prompt),
  negativePrompt: text(defaultFormValues.negativePrompt),
  model: text(defaultFormValues.model),
  width: text(defaultFormValues.width),
  height: text(defaultFormValues.height),
  samples: text(defaultFormValues.samples),
  steps: text(defaultFormValues.steps),
  guidanceScale: text(defaultFormValues.guidanceScale),
  seed: text(defaultFormValues.seed),
  scheduler: z.catch(z.union([z.literal(''), z.enum(schedulerNames)]), ''),
  initImage: pictureLink,
  maskImage: pictureLink,
  strength: text(defaultFormValues.strength),
});

export function loadDraft(): GenerateFormValues {
  try {
    const parsed = draftSchema.safeParse(JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? '{}'));
    return parsed.success ? parsed.data : defaultFormValues;
  } catch {
    return defaultFormValues;
  }
}

export function saveDraft(values: Partial<GenerateFormValues>) {
  try {
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(values));
  } catch {
    // Storage blocked or full: the draft just is not kept.
  }
}

/** Ends `keepEarlyTyping`. */
let stopEarlyTyping: (() => void) | undefined;

/**
 * Until the form is React's (its code loads after the page's first script), what is typed
 * into the prerendered form goes into the draft as it is typed, so that hydration (which
 * starts the form blank, as the HTML has it) does not wipe it. The form calls
 * `endEarlyTyping` once it shows the draft. (Generate cannot be pressed meanwhile: the
 * HTML has it off, as for a first visit without a key.)
 */
export function keepEarlyTyping(root: HTMLElement) {
  const save = () => {
    const typed: Record<string, string> = {};
    for (const field of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
      'form input[name], form textarea[name]',
    )) {
      if (field.value !== field.defaultValue) typed[field.name] = field.value;
    }
    if (Object.keys(typed).length > 0) saveDraft({ ...loadDraft(), ...typed });
  };
  save();
  // In the capture phase, before React's own listener on the root, which stops the event
  // while the part it happens in is not React's yet.
  root.addEventListener('input', save, true);
  stopEarlyTyping = () => root.removeEventListener('input', save, true);
}

export function endEarlyTyping() {
  stopEarlyTyping?.();
  stopEarlyTyping = undefined;
}
