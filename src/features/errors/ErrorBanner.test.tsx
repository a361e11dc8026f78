import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, test } from 'vitest';
import { ErrorBanner } from './ErrorBanner';

test('user sees a plain headline for a blocked request, and the browser\'s raw words only under "Details"', async () => {
  render(<ErrorBanner error={{ kind: 'blocked', serverMessage: 'TypeError: Failed to fetch' }} />);
  const alert = screen.getByRole('alert');
  expect(alert).toHaveTextContent('Your browser could not reach the service');
  expect(screen.getByText('TypeError: Failed to fetch')).not.toBeVisible();
  await userEvent.click(screen.getByText('Details'));
  expect(screen.getByText('TypeError: Failed to fetch')).toBeVisible();
  expect(alert).toHaveTextContent('Your browser said: TypeError: Failed to fetch');
});

test("user sees the service's own words in view, with the HTTP status", () => {
  render(
    <ErrorBanner error={{ kind: 'key', serverMessage: 'Invalid API key', httpStatus: 401 }} />,
  );
  expect(screen.getByText('Invalid API key')).toBeVisible();
  expect(screen.getByRole('alert')).toHaveTextContent(
    'The service said: Invalid API key (HTTP 401)',
  );
  expect(screen.queryByText('Details')).not.toBeInTheDocument();
});

test('user sees a web page answer as its status and title, and a garbled one as how it began, under "Details"', () => {
  const { unmount } = render(
    <ErrorBanner
      error={{
        kind: 'unavailable',
        serverMessage: '502 Bad Gateway',
        httpStatus: 502,
        answerForm: 'web-page',
      }}
    />,
  );
  expect(screen.getByRole('alert')).toHaveTextContent(
    'The address answered with a web page instead: 502 Bad Gateway (HTTP 502)',
  );
  expect(screen.getByText('502 Bad Gateway')).toBeVisible();
  unmount();

  render(
    <ErrorBanner
      error={{ kind: 'malformed', serverMessage: '{"status":"succ', answerForm: 'text' }}
    />,
  );
  expect(screen.getByRole('alert')).toHaveTextContent('The answer began: {"status":"succ');
  expect(screen.getByText('{"status":"succ')).not.toBeVisible();
});

test('a text-to-image request told "Unable to fetch image" gets no advice about uploading', () => {
  const error = {
    kind: 'image-unreachable',
    serverMessage: 'Unable to fetch image from provided URL',
  } as const;
  const { unmount } = render(<ErrorBanner error={error} />);
  const alert = screen.getByRole('alert');
  expect(alert).toHaveTextContent('ModelsLab hit a problem on its side');
  expect(alert).not.toHaveTextContent(/upload/i);
  expect(screen.getByRole('link', { name: /support/i })).toHaveAttribute(
    'href',
    'https://modelslab.com/support',
  );
  unmount();

  render(<ErrorBanner error={error} sentPicture />);
  expect(screen.getByRole('alert')).toHaveTextContent(
    'The service could not download your starting picture',
  );
});

test("the app's own words are shown as they are, not as the service's", () => {
  render(
    <ErrorBanner
      error={{
        kind: 'redirected',
        serverMessage: 'The address answered with a redirect (HTTP 307); it was not followed.',
        answerForm: 'app',
      }}
    />,
  );
  const alert = screen.getByRole('alert');
  expect(screen.getByText(/it was not followed/)).toBeVisible();
  expect(alert).not.toHaveTextContent('The service said');
  expect(alert).not.toHaveTextContent('Your browser said');
});
