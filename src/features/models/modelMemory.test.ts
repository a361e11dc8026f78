import { expect, test } from 'vitest';
import { modelMemory } from './modelMemory';
import { rememberModelUse } from './recentModels';

test('the last five models used, newest first, each once', () => {
  for (const id of ['a', 'b', 'c', 'b', 'd', 'e', 'f', ' g ']) rememberModelUse(id);
  expect(modelMemory.get().recent).toEqual(['g', 'f', 'e', 'd', 'b']);
  rememberModelUse('   ');
  rememberModelUse('x'.repeat(201));
  expect(modelMemory.get().recent).toEqual(['g', 'f', 'e', 'd', 'b']);
});

test('a star adds a favourite, a second removes it; kept on this device', () => {
  modelMemory.toggleFavourite('sdxl');
  modelMemory.toggleFavourite('flux');
  expect(modelMemory.get().favourites).toEqual(['sdxl', 'flux']);
  modelMemory.toggleFavourite('sdxl');
  expect(modelMemory.get().favourites).toEqual(['flux']);
  expect(JSON.parse(localStorage.getItem('modelslab-studio.favourite-models') ?? '')).toEqual([
    'flux',
  ]);
});

test('junk in storage is skipped, not trusted', () => {
  localStorage.setItem('modelslab-studio.favourite-models', '{"not":"a list"}');
  localStorage.setItem('modelslab-studio.recent-models', '["ok", 3, null, "", "ok", "x"]');
  expect(modelMemory.get()).toEqual({ favourites: [], recent: ['ok', 'x'] });
  localStorage.setItem('modelslab-studio.recent-models', 'not json');
  expect(modelMemory.get().recent).toEqual([]);
});

test('the same answer while storage is unchanged, so React does not render in a loop', () => {
  expect(modelMemory.get()).toBe(modelMemory.get());
});
