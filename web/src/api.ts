/** The API client: JSON in and out, the session cookie, the CSRF header on every change, errors as ApiError. */

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly path: string | null) {
    super(message);
  }
}

let csrfToken = '';

export function setCsrfToken(token: string) {
  csrfToken = token;
}

export function getCsrfToken(): string {
  return csrfToken;
}

export async function api<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, {
    signal,
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const e = data?.error ?? {};
    throw new ApiError(res.status, e.code ?? 'HTTP', e.message ?? `请求失败（${res.status}）`, e.path ?? null);
  }
  return data as T;
}

export const get = <T>(url: string, signal?: AbortSignal) => api<T>('GET', url, undefined, signal);
export const post = <T>(url: string, body?: unknown) => api<T>('POST', url, body ?? {});
export const put = <T>(url: string, body: unknown) => api<T>('PUT', url, body);

export interface Me {
  user: { id: number; username: string; displayName: string; role: string; department: string | null; areaCode: string };
  csrfToken: string;
  permissions: string[];
  roleLabel: string;
}

export type Vocabulary = Record<'relations' | 'hukou' | 'laborCapacity' | 'disabilityKinds' | 'schooling' | 'selfCare' | 'supporter' | 'illnesses', Record<string, string>> & { closeReasons: string[] };

export interface Area { code: string; name: string; level: string; parentCode: string | null }
