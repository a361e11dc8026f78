import type { GenerateFormValues } from './generateSchema';

/** "Use these settings": anything can ask the form to take these values. */
type Listener = (values: GenerateFormValues) => void;
const listeners = new Set<Listener>();

export function fillForm(values: GenerateFormValues) {
  for (const listener of listeners) listener(values);
}

export function onFillForm(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
