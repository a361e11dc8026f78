/** The generate feature: the form that describes a picture, and its schema. */

export { keepEarlyTyping } from './formDraft';
export { type FormFill, GenerateForm } from './GenerateForm';
export { fromParams } from './generateSchema';
