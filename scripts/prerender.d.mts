import type { Plugin } from 'vite';
export function prerenderPage(): Plugin;
