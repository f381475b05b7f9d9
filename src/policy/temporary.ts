/** 临时救助 (000:L158, L174): who approves a request, and whether an emergency may be paid first. */
import { reason, yuanText, type Context, type Reason } from './context.ts';

export function temporaryAssistance(ctx: Context): { approval: 'township' | 'county'; advance: boolean; reasons: Reason[] } | null {
  const req = ctx.household.request;
  if (!req) return null;
  const limit = ctx.param<number>('temporary.townshipLimit');
  const township = req.amountFen <= ctx.fen(limit.name);
  const advanceParam = ctx.param<boolean>('temporary.advance');
  // 小额先行救助 (000:L174): only an emergency within the township's limit may be paid first.
  const advance = req.kind === 'emergency' && township && advanceParam.value;
  const reasons = [
    reason('temporary.approval', `申请 ${yuanText(req.amountFen)} 元，${township ? `不超过 ${yuanText(ctx.fen(limit.name))} 元，由乡镇（街道）直接审批` : `超过 ${yuanText(ctx.fen(limit.name))} 元，报县级审批（必要时“一事一议”）`}`, limit),
  ];
  if (req.kind === 'emergency') {
    const why = advance ? '急难型小额救助，可先行救助、事后补充说明情况'
      : !advanceParam.value ? '急难型救助，本政策包不实行先行救助'
      : `急难型救助，但金额超过乡镇审批额度 ${yuanText(ctx.fen(limit.name))} 元，不属小额先行救助，须先审批`;
    reasons.push(reason('temporary.advance', why, advanceParam, limit));
  }
  return { approval: township ? 'township' : 'county', advance, reasons };
}
