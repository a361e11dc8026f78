/**
 * The mask editor for "Fix a part" (inpaint). Import it only from code that is itself
 * loaded on demand (the painting dialog): the editor is large and most never use it.
 */
export type { MaskEditorProps, MaskResult } from './MaskEditor';
export { MaskEditor } from './MaskEditor';
export type { MaskOp, MaskPoint } from './maskCanvas';
