/** The mask editor ("Paint the part to change"): loaded when first wanted. */
import { lazy } from 'react';

export type { MaskOp, MaskResult } from './MaskEditor';

export const MaskEditor = lazy(() => import('./MaskEditor'));
