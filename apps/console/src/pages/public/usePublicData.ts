import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';

/** Departments, districts, industries, tags and the policy enumerations (rarely change: cached 10 min). */
export function usePublicCatalogue() {
  return useQuery({ queryKey: ['public', 'catalogue'], queryFn: () => call(api.GET('/api/v1/public/catalogue')), staleTime: 600_000 });
}

/** The fact registry (what the calculator asks for). */
export function useFacts() {
  return useQuery({ queryKey: ['public', 'facts'], queryFn: () => call(api.GET('/api/v1/facts')), staleTime: 600_000 });
}

/** code → name lookup for a catalogue list. */
export function namesOf(list: ReadonlyArray<{ code: string; name: string }> | undefined): Map<string, string> {
  return new Map((list ?? []).map((x) => [x.code, x.name]));
}
