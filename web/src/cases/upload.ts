/** Uploads of case papers: the file as the raw body, streamed to disk by the server (type checked by its first bytes). */
import { ApiError, getCsrfToken } from '../api.ts';
import { CASES } from './api.ts';

export async function uploadAttachment(caseId: string, kind: string, file: File): Promise<{ id: string }> {
  const res = await fetch(`${CASES}/${caseId}/attachments?${new URLSearchParams({ kind, name: file.name })}`, {
    method: 'POST', body: file, credentials: 'same-origin',
    headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': getCsrfToken() },
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'HTTP', data?.error?.message ?? `上传失败（${res.status}）`, data?.error?.path ?? null);
  return data;
}
