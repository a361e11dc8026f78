/** The models feature: which models there are (the picker), and what each one accepts. */
export { ignoresNegativePrompt } from './negativePrompt';
