/**
 * The models feature: which models there are (a searchable picker with favourites and
 * recently used, loaded on demand) and what each model accepts.
 */

export {
  ModelPickerDialog,
  preloadModelPicker,
  preloadModelPickerWhenIdle,
} from './ModelPickerDialog';
export { ignoresNegativePrompt } from './negativePrompt';
export { rememberModelUse } from './recentModels';
