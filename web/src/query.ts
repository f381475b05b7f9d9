/**
 * Server state through TanStack Query. A query's key is its URL in parts: the path segments, then
 * optionally an object of search parameters — `['/api/households', id, 'screening', { date }]` reads
 * `GET /api/households/<id>/screening?date=…`. So a change invalidates everything under a path with
 * `invalidate('/api/households', id)`, and `useApi` needs no fetch function of its own.
 */
import { QueryCache, QueryClient, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { ApiError, get } from './api.ts';

type Part = string | number;
export type ApiKey = readonly [string, ...(Part | Record<string, string | number | boolean | null | undefined>)[]];

/** The URL a key names. Empty, null and undefined parameters are left out. */
export function keyUrl(key: readonly unknown[]): string {
  const parts = key.filter((p): p is Part => typeof p === 'string' || typeof p === 'number').map(String);
  const params = key.find((p): p is Record<string, unknown> => typeof p === 'object' && p !== null);
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const path = parts[0] + (parts.length > 1 ? `/${parts.slice(1).map(encodeURIComponent).join('/')}` : '');
  return search.size ? `${path}?${search}` : path;
}

/** Called when any query finds the session gone (401): the shell shows the login page again. */
let onUnauthenticated = () => {};
export function setOnUnauthenticated(f: () => void) { onUnauthenticated = f; }

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (e) => { if (e instanceof ApiError && e.status === 401) onUnauthenticated(); } }),
  defaultOptions: {
    queries: {
      queryFn: ({ queryKey, signal }) => get(keyUrl(queryKey), signal),
      // A refusal (4xx) is an answer, not a network hiccup: shown at once, never retried.
      retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
      // Forms are filled from queries; a refetch on focus would not change them, only confuse.
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

/** GET the key's URL (see the header), cached and shared by every component asking for it. */
export function useApi<T>(key: ApiKey, options?: Omit<UseQueryOptions<T, ApiError>, 'queryKey'>) {
  return useQuery<T, ApiError>({ queryKey: key, ...options });
}

/** Invalidate every query under a path prefix (after a change). */
export function useInvalidate() {
  const client = useQueryClient();
  return (...prefix: Part[]) => client.invalidateQueries({ queryKey: prefix });
}
