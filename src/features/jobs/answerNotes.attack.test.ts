import { afterEach, expect, test, vi } from 'vitest';
import type { GenerationAnswer } from '../../api/types';
import { forgetAnswer, noteAnswer, notedAnswers } from './answerNotes';

/* Attacks on the notes themselves: odd answers, odd storage, odd clocks. */

const NOTES_KEY = 'modelslab-studio.answers';
const DAY = 24 * 60 * 60 * 1000;
const link = (i: number) => `https://cdn.example.test/${i}.png`;

afterEach(() => {
  localStorage.clear();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

test('with no notes, reading them costs one storage read and no parsing (the runner reads at every change)', () => {
  const parse = vi.spyOn(JSON, 'parse');
  const getItem = vi.spyOn(Storage.prototype, 'getItem');
  for (let i = 0; i < 1000; i += 1) expect(notedAnswers().size).toBe(0);
  expect(getItem).toHaveBeenCalledTimes(1000);
  expect(parse).not.toHaveBeenCalled();
});

test('junk under the key (huge, not JSON, a list) is removed the first time it is read', () => {
  for (const junk of [`{${'x'.repeat(1_000_000)}`, '[1,2,3]', 'null', '"text"']) {
    localStorage.setItem(NOTES_KEY, junk);
    expect(notedAnswers().size).toBe(0);
    expect(localStorage.getItem(NOTES_KEY)).toBeNull();
  }
});

test('an answer with 5,000 links is noted with the four a request can ask for', () => {
  const answer: GenerationAnswer = {
    status: 'success',
    id: '7',
    images: Array.from({ length: 5000 }, (_, i) => link(i)),
    nsfw: false,
  };
  noteAnswer('job-1', answer);
  expect(notedAnswers().get('job-1')?.answer).toEqual({
    ...answer,
    images: [0, 1, 2, 3].map(link),
  });
  expect((localStorage.getItem(NOTES_KEY) ?? '').length).toBeLessThan(1000);
});

test('an answer with a link that is not a picture (javascript:) is not noted, nor read back when planted', () => {
  const hostile: GenerationAnswer = {
    status: 'success',
    id: '7',
    images: ['javascript:alert(1)'],
    nsfw: false,
  };
  noteAnswer('job-1', hostile);
  expect(notedAnswers().size).toBe(0);
  localStorage.setItem(NOTES_KEY, JSON.stringify({ 'job-1': { answer: hostile, at: Date.now() } }));
  expect(notedAnswers().size).toBe(0);
});

test('a note over a day old, or over a day ahead, is of no use; one a little ahead counts as of now', () => {
  vi.useFakeTimers({ now: 1_800_000_000_000 });
  const now = Date.now();
  const answer = { status: 'processing', id: '7', futureLinks: [], message: '' } as const;
  localStorage.setItem(
    NOTES_KEY,
    JSON.stringify({
      old: { answer, at: now - DAY - 1 },
      ahead: { answer, at: now + DAY + 1 },
      skewed: { answer, at: now + 60 * 60 * 1000 },
      fresh: { answer, at: now - 1000 },
    }),
  );
  const notes = notedAnswers();
  expect([...notes.keys()].sort()).toEqual(['fresh', 'skewed']);
  expect(notes.get('skewed')?.at).toBe(now);
  expect(notes.get('fresh')?.at).toBe(now - 1000);
});

test('storage that refuses writes: noting and forgetting throw nothing', () => {
  vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
    throw new DOMException('full', 'QuotaExceededError');
  });
  vi.spyOn(Storage.prototype, 'removeItem').mockImplementation(() => {
    throw new DOMException('blocked', 'SecurityError');
  });
  expect(() =>
    noteAnswer('job-1', { status: 'success', id: '7', images: [link(0)], nsfw: false }),
  ).not.toThrow();
  expect(() => forgetAnswer('job-1')).not.toThrow();
  expect(notedAnswers().size).toBe(0);
});

test('notes never forgotten (no IndexedDB: nothing is ever stored) stay few: the newest are kept', () => {
  vi.useFakeTimers({ now: 1_800_000_000_000 });
  for (let i = 0; i < 500; i += 1) {
    vi.advanceTimersByTime(1000);
    noteAnswer(`job-${i}`, { status: 'success', id: String(i), images: [link(i)], nsfw: false });
  }
  const notes = notedAnswers();
  expect(notes.size).toBeLessThanOrEqual(50);
  expect(notes.has('job-499')).toBe(true);
  expect(notes.has('job-0')).toBe(false);
  expect((localStorage.getItem(NOTES_KEY) ?? '').length).toBeLessThan(20_000);
});
