import { QueryClient } from '@tanstack/react-query';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { refetchOnWindowFocus: false },
      // Sending a generation again may charge again: only the person decides that.
      mutations: { retry: false },
    },
  });
}
