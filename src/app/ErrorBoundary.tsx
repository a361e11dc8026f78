import { Component, type ErrorInfo, type ReactNode } from 'react';

/**
 * A last resort: if a part of the page fails to draw, say so in plain words instead of
 * a blank page. The history is safe in the browser's storage; a reload brings it back.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="mx-auto max-w-xl p-8 text-slate-800">
        <h1 className="text-lg font-semibold">Something on this page went wrong</h1>
        <p className="mt-2 text-sm">
          Your pictures and history are kept in this browser. Reloading the page usually fixes this.
        </p>
        <p className="mt-2 font-mono text-xs break-words text-slate-600">{error.message}</p>
        <button
          type="button"
          className="mt-4 rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-on-accent"
          onClick={() => window.location.reload()}
        >
          Reload the page
        </button>
      </div>
    );
  }
}
