/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_DEFAULT_CONNECTION?: 'modelslab' | 'sandbox';
  readonly VITE_MODELSLAB_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
