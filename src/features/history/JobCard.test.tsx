import { act, render, screen } from '@testing-library/react';
import { expect, test, vi } from 'vitest';
import { jobRecord } from '../../test/jobRecords';
import type { JobRecord } from '../jobs';
import { JobCard } from './JobCard';

function showCard(job: JobRecord) {
  render(
    <JobCard
      job={job}
      slots={{ used: 0, limit: 5 }}
      online
      onReuse={() => {}}
      onOpen={() => {}}
      onDelete={() => {}}
    />,
  );
  return screen.getByRole('article', { name: `Generation: ${job.params.prompt}` });
}

test('a sandbox request cut off by a reload is settled as the sandbox, not sent to the ModelsLab dashboard', () => {
  const card = showCard(jobRecord('a', { state: 'unknown', connection: 'sandbox' }));
  expect(card).toHaveTextContent('Interrupted: the page closed while sending this to the sandbox');
  expect(card).toHaveTextContent('Nothing is ever charged in the sandbox');
  expect(card).not.toHaveTextContent(/dashboard/i);
  expect(screen.queryByRole('link', { name: /dashboard/i })).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Send it again' })).toBeVisible();
});

test('the same on ModelsLab points at the dashboard, where a charge would show', () => {
  const card = showCard(
    jobRecord('b', { state: 'unknown', connection: 'modelslab', baseUrl: 'https://modelslab.com' }),
  );
  expect(card).toHaveTextContent('Unknown — check your ModelsLab dashboard');
  expect(screen.getByRole('link', { name: /dashboard/i })).toHaveAttribute(
    'href',
    'https://modelslab.com/dashboard',
  );
});

test.each([
  ['modelslab', 'It may still finish on ModelsLab (and be charged).'],
  ['sandbox', 'The sandbox may still finish it.'],
] as const)(
  'a queued job on %s offers "Stop waiting" and says what that leaves',
  (connection, note) => {
    const card = showCard(
      jobRecord('c', {
        state: 'processing',
        connection,
        baseUrl:
          connection === 'sandbox' ? 'https://sandbox.modelslab.invalid' : 'https://modelslab.com',
        remoteId: '5',
        pollStartedAt: Date.now(),
        firstPollAt: Date.now() + 5000,
        etaSeconds: 5,
      }),
    );
    expect(screen.getByRole('button', { name: 'Stop waiting' })).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Cancel' })).not.toBeInTheDocument();
    expect(card).toHaveTextContent(note);
  },
);

test('a send that takes a while says how long it has waited for the answer', async () => {
  vi.useFakeTimers();
  try {
    const card = showCard(jobRecord('d', { state: 'sending', connection: 'sandbox' }));
    expect(card).toHaveTextContent('Sending your request…');
    expect(card).not.toHaveTextContent('waiting for the answer');
    await act(() => vi.advanceTimersByTimeAsync(4000));
    expect(card).toHaveTextContent('Sending your request… 4 s, waiting for the answer');
    await act(() => vi.advanceTimersByTimeAsync(8000));
    expect(card).toHaveTextContent('12 s, waiting for the answer');
  } finally {
    vi.useRealTimers();
  }
});
