import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';

/** One policy with its items (current, open and latest versions). */
export function usePolicy(policyId: string | undefined) {
  return useQuery({
    queryKey: ['dept', 'policy', policyId],
    enabled: !!policyId,
    queryFn: () => call(api.GET('/api/v1/policies/{id}', { params: { path: { id: policyId! } } })),
  });
}

/** The tag library (pickers and the 标签库 page). */
export function useTags(counts = false) {
  return useQuery({
    queryKey: ['dept', 'tags', counts],
    queryFn: () => call(api.GET('/api/v1/tags', { params: { query: { counts: String(counts) } } })),
    staleTime: counts ? 0 : 300_000,
  });
}

/** The fact registry (rule builder fields). */
export function useFactRegistry() {
  return useQuery({ queryKey: ['public', 'facts'], queryFn: () => call(api.GET('/api/v1/facts')), staleTime: 600_000 });
}
