/** The generate feature: the form that describes a picture, and its schema. */

import { lazy } from 'react';

export { keepEarlyTyping } from './formDraft';
export type { FormFill } from './GenerateForm';

/**
 * Loaded apart from the page's first script: the prerendered form is on screen already,
 * and React takes it over once this arrives (docs/architecture.md, "The first paint").
 */
export const GenerateForm = lazy(() =>
  import('./GenerateForm').then((module) => ({ default: module.GenerateForm })),
);
export { fromParams } from './generateSchema';
