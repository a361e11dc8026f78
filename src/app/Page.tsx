import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, useState } from 'react';
import { App } from './App';
import { ErrorBoundary } from './ErrorBoundary';
import { createQueryClient } from './queryClient';

/** The whole page with its providers: what main.tsx shows and the build prerenders. */
export function Page() {
  const [queryClient] = useState(createQueryClient);
  return (
    <StrictMode>
      <ErrorBoundary>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ErrorBoundary>
    </StrictMode>
  );
}
