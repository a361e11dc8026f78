/**
 * The mask editor for "Fix a part" (inpaint). Only its types and a lazy wrapper are here:
 * the editor itself is loaded when first shown.
 */
import { lazy } from 'react';

export type { MaskEditorProps, MaskResult } from './MaskEditor';
export type { MaskOp, MaskPoint } from './maskCanvas';

export const MaskEditor = lazy(() => import('./MaskEditor'));
