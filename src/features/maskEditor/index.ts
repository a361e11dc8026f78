/**
 * The mask editor for "Fix a part" (inpaint). Only its types are here: the editor itself is
 * loaded on demand, `lazy(() => import('./features/maskEditor/MaskEditor'))`.
 */
export type { MaskEditorProps, MaskResult } from './MaskEditor';
export type { MaskOp, MaskPoint } from './maskCanvas';
