/**
 * For src/server.db.test.ts: the area-scope check of every medical-assistance route. The county of
 * 洞口县 settles a file with a member of 毓兰镇; an admin of another county (longhui) and a hospital of
 * that county (longhuiHospital) see none of it and cannot settle it, and a township officer of 江口镇
 * sees no settlement of 毓兰镇 and cannot upload.
 */
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';

type As = (user: string, method: string, url: string, payload?: unknown, headers?: Record<string, string>) => Promise<LightMyRequestResponse>;

const HEADER = '结算编号,身份证号,姓名,就诊类型,医院级别,医院名称,结算日期,医疗总费用,政策范围内费用,基本医保支付,大病保险支付,结算方式';
const octet = { 'content-type': 'application/octet-stream' };

export function medicalScopeChecks(as: As, yulanHousehold: () => string): Record<string, () => Promise<void>> {
  let made: Promise<{ idNumber: string; name: string }> | null = null;
  const settled = () => (made ??= (async () => {
    const h = (await as('county', 'GET', `/api/households/${yulanHousehold()}`)).json();
    const m = h.members[0];
    const { idNumber } = (await as('county', 'POST', `/api/members/${m.id}/reveal`, {})).json();
    const r = await as('county', 'POST', '/api/medical/files?name=scope.csv', Buffer.from(`${HEADER}\nSCOPE1,${idNumber},${m.name},住院,县级及以下,洞口县人民医院,2024-05-01,10000,9000,5000,0,一站式\n`), octet);
    expect(r.statusCode, r.body).toBe(200);
    return { idNumber, name: m.name };
  })());
  const status = async (user: string, method: string, url: string, code: number, payload?: unknown, headers?: Record<string, string>) => {
    await settled();
    const r = await as(user, method, url, payload, headers);
    expect(r.statusCode, `${method} ${url}: ${r.body}`).toBe(code);
    return r;
  };
  return {
    'POST /api/medical/settlements': async () => {
      const p = await settled();
      const body = { settlementNo: 'SCOPE2', idNumber: p.idNumber, name: p.name, visitType: '住院', hospitalLevel: '县级及以下', date: '2024-05-02',
        totalYuan: 100, policyYuan: 100, basicYuan: 0, seriousYuan: 0, method: '一站式' };
      expect((await status('longhuiHospital', 'POST', '/api/medical/settlements', 422, body)).json().error.code).toBe('NOT_IN_COUNTY');
      await status('jiangkou', 'POST', '/api/medical/settlements', 403, body);
    },
    'POST /api/medical/files': async () => {
      const p = await settled();
      const r = await status('longhui', 'POST', '/api/medical/files?name=x.csv', 422, Buffer.from(`${HEADER}\nSCOPE3,${p.idNumber},${p.name},住院,县级及以下,,2024-05-03,100,100,0,0,一站式\n`), octet);
      expect(r.json().errors).toMatchObject([{ column: '身份证号' }]);
      await status('jiangkou', 'POST', '/api/medical/files?name=x.csv', 403, Buffer.from(HEADER), octet);
    },
    'GET /api/medical/files': async () => {
      expect((await status('longhui', 'GET', '/api/medical/files', 200)).json().rows).toEqual([]);
      await status('jiangkou', 'GET', '/api/medical/files', 403);
    },
    'GET /api/medical/settlements': async () => {
      expect((await status('county', 'GET', '/api/medical/settlements', 200)).json().total).toBe(1);
      expect((await status('longhui', 'GET', '/api/medical/settlements', 200)).json().total).toBe(0);
      expect((await status('jiangkou', 'GET', '/api/medical/settlements', 200)).json().total).toBe(0);
    },
    'GET /api/medical/statements': async () => {
      expect((await status('county', 'GET', '/api/medical/statements?month=2024-05', 200)).json().hospitals).toHaveLength(1);
      expect((await status('longhui', 'GET', '/api/medical/statements?month=2024-05', 200)).json().hospitals).toEqual([]);
      expect((await status('longhuiHospital', 'GET', '/api/medical/statements?month=2024-05', 200)).json().hospitals).toEqual([]);
    },
    'GET /api/medical/statements.xlsx': async () => {
      await status('longhui', 'GET', '/api/medical/statements.xlsx?month=2024-05', 200);
      await status('jiangkou', 'GET', '/api/medical/statements.xlsx?month=2024-05', 403);
    },
    'GET /api/medical/premium': async () => {
      expect((await status('longhui', 'GET', '/api/medical/premium?year=2024&date=2024-06-01', 200)).json().rows).toEqual([]);
      await status('jiangkou', 'GET', '/api/medical/premium?year=2024&date=2024-06-01', 403);
    },
    'GET /api/medical/identities': async () => {
      expect((await status('longhui', 'GET', '/api/medical/identities?date=2024-06-01', 200)).json().rows).toEqual([]);
      await status('jiangkou', 'GET', '/api/medical/identities?date=2024-06-01', 403);
    },
    'GET /api/households/{id}/medical': async () => {
      expect((await status('county', 'GET', `/api/households/${yulanHousehold()}/medical?year=2024`, 200)).json().settlements).toHaveLength(1);
      await status('jiangkou', 'GET', `/api/households/${yulanHousehold()}/medical`, 404);
      await status('longhui', 'GET', `/api/households/${yulanHousehold()}/medical`, 404);
    },
    'GET /api/medical/figures': async () => {
      expect((await status('county', 'GET', '/api/medical/figures?year=2024', 200)).json().byTownship.map((t: { code: string }) => t.code)).toEqual(['430525102']);
      expect((await status('longhui', 'GET', '/api/medical/figures?year=2024', 200)).json().byTownship).toEqual([]);
      expect((await status('jiangkou', 'GET', '/api/medical/figures?year=2024', 200)).json().byTownship).toEqual([]);
    },
  };
}
