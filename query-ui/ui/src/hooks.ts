import { useEffect, useState } from 'react';

export interface Async<T> { data: T | null; error: string | null; loading: boolean }

/** Runs load whenever deps change (aborting the previous run); keeps the last data while reloading. */
export function useAsync<T>(load: ((signal: AbortSignal) => Promise<T>) | null, deps: unknown[]): Async<T> {
  const [state, setState] = useState<Async<T>>({ data: null, error: null, loading: load != null });
  useEffect(() => {
    if (!load) { setState({ data: null, error: null, loading: false }); return; }
    const ctl = new AbortController();
    setState((s) => ({ data: s.data, error: null, loading: true }));
    load(ctl.signal).then(
      (data) => { if (!ctl.signal.aborted) setState({ data, error: null, loading: false }); },
      (e: Error) => { if (!ctl.signal.aborted) setState({ data: null, error: e.message, loading: false }); },
    );
    return () => ctl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}
