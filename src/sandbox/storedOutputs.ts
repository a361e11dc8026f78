import { createStore, delMany, get, set, type UseStore } from 'idb-keyval';
import type { SandboxOutputs } from './handlers';

/**
 * The pictures of sandbox jobs made from a picture, in IndexedDB: hundreds of KB each,
 * too big for the localStorage queue that names them (storedQueue.ts).
 */
let store: UseStore | undefined;
const outputsStore = () => {
  store ??= createStore('modelslab-studio-sandbox', 'outputs');
  return store;
};

const isOutput = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((url) => typeof url === 'string');

export const storedOutputs: SandboxOutputs = {
  async get(id) {
    const value: unknown = await get(id, outputsStore());
    return isOutput(value) ? value : undefined;
  },
  set: (id, output) => set(id, output, outputsStore()),
  delete: (ids) => delMany(ids, outputsStore()),
};
