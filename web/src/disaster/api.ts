/** The disaster-relief routes the pages read (shapes as docs/disaster.md gives them) and the photo upload. */
import { ApiError, getCsrfToken } from '../api.ts';

export const DIS = '/api/disaster';

export interface DisasterEvent {
  id: string; areaCode: string; kind: string; name: string; startedOn: string; endedOn: string | null; areas: string[]; observations: Record<string, number>;
  description: string; proposedLevel: string | null; proposal: { reasons: string[] }; level: string | null; confirmedBy: string | null; confirmedAt: string | null;
  confirmNote: string | null; needsPrefecture: boolean; status: string; version: number;
}
export interface Relief {
  id: string; kind: string; season: string | null; form: string; items: string; amountFen: number; reasons: string[]; state: string; level: string; approval: string;
  decidedBy: string | null; decidedOn: string | null; version: number;
  /** The relief's 公示 (one per relief) with its objections, the objector masked; null when it is not posted. */
  notice: { id: string; startDate: string; endDate: string; objections: { id: string; byName: string | null; content: string; result: string | null }[] } | null;
}
export interface Affected {
  id: string; householdId: string; householdNo: string | null; areaCode: string; areaName: string; head: string; idNumber: string; affected: number; dead: number; missing: number;
  injured: number; relocated: number; lossFen: number; damage: string; needs: string[]; note: string; links: { temporaryProposed?: boolean; warningId?: string | null; housing?: string | null };
  photos: { id: string; fileName: string }[]; relief: Relief[];
}
interface Money { approvedFen: number; paidFen: number; pendingFen: number; proposedFen: number; count: number }
export interface Figures {
  event: DisasterEvent & { kindLabel: string; levelLabel: string | null; proposedLevelLabel: string | null; areaNames: string[] };
  people: { households: number; affected: number; dead: number; missing: number; injured: number; relocated: number; lossFen: number };
  damage: Record<string, number>; needs: Record<string, number>; links: { temporaryProposed: number; warnings: number; housing: number };
  byKind: Record<string, Money>; inKind: { count: number; valueFen: number; pending: number };
  byTownship: { code: string; name: string; households: number; people: number; byKind: Record<string, Money>; inKind: { count: number; valueFen: number } }[];
}
export interface Emergency { id: string; areaCode: string; areaName: string; startsOn: string; endsOn: string; reason: string; eventId: string | null }

export const fen = (v: number) => (v / 100).toFixed(2);

/** Uploads a photo or a receipt list (the file itself is the body). */
export async function uploadFile(url: string, file: File): Promise<{ id: string }> {
  const res = await fetch(url, { method: 'POST', body: file, credentials: 'same-origin', headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': getCsrfToken() } });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'HTTP', data?.error?.message ?? `上传失败（${res.status}）`, data?.error?.path ?? null);
  return data;
}
