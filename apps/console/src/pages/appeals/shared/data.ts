import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../../api/client';
import { ApiError, toApiError } from '../../../api/errors';

/** 诉求类别 (with default lead unit and deadlines). */
export function useCategories() {
  return useQuery({ queryKey: ['appeals', 'categories'], queryFn: () => call(api.GET('/api/v1/appeals/categories')), staleTime: 300_000 });
}

/** Departments (code + name) from the public catalogue: lead and co-units to assign. */
export function useDepartments() {
  return useQuery({
    queryKey: ['public', 'catalogue'],
    queryFn: () => call(api.GET('/api/v1/public/catalogue')),
    staleTime: 300_000,
    select: (c) => c.departments,
  });
}

/** An appeal and its timeline, shared by every role's detail page (the API scopes what each may see). */
export function useAppeal(id: string) {
  return useQuery({ queryKey: ['appeals', 'one', id], queryFn: () => call(api.GET('/api/v1/appeals/{id}', { params: { path: { id } } })) });
}

export function useTimeline(id: string) {
  return useQuery({ queryKey: ['appeals', 'one', id, 'timeline'], queryFn: () => call(api.GET('/api/v1/appeals/{id}/timeline', { params: { path: { id } } })) });
}

export function useAttachments(id: string) {
  return useQuery({ queryKey: ['appeals', 'one', id, 'attachments'], queryFn: () => call(api.GET('/api/v1/appeals/{id}/attachments', { params: { path: { id } } })) });
}

type Raw = { data?: unknown; error?: unknown; response: Response };

/** The text of an HTML document the API renders (letters, minutes, report), fetched with the session. */
export async function fetchHtml(request: Promise<Raw>): Promise<string> {
  const { data, error, response } = await request;
  if (!response.ok) throw toApiError(response.status, error);
  if (typeof data !== 'string') throw new ApiError(response.status, 'HTML.EMPTY', '文档内容为空');
  return data;
}

/** Saves a file the API sends (XLSX, attachment) under a Chinese name. */
export async function downloadFile(request: Promise<Raw>, fileName: string): Promise<void> {
  const { data, error, response } = await request;
  if (!response.ok) throw toApiError(response.status, error);
  const blob = data instanceof Blob ? data : new Blob([data as BlobPart]);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
