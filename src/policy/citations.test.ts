import { describe, expect, it } from 'vitest';
import { citation, readableSources, sourceLabel } from './citations.ts';

describe('citations of the source documents', () => {
  it('names the document number and the part a line reference falls in', () => {
    expect(citation('001:L876')).toBe('泸办发〔2021〕31号 二（九）');
    expect(citation('001:L886-888')).toBe('泸办发〔2021〕31号 三（二）');
    expect(citation('000:L128')).toBe('洞政办发〔2021〕64号 二（二）第4项');
    expect(citation('004:L85')).toBe('正府办通〔2018〕150号 三（三）');
  });
  it('uses the title of a document without a number', () => {
    expect(citation('002:L641')).toBe('《关于建立防贫监测管理信息平台巩固脱贫成效的实施方案》 二（一）第3项');
  });
  it('knows nothing of lines outside the documents', () => {
    expect(citation('001:L10')).toBeNull();
    expect(citation('monitoring.visits')).toBeNull();
  });
  it('rewrites every reference of a text and drops the unknown ones', () => {
    expect(readableSources('（001:L876；周期见政策包）')).toBe('（泸办发〔2021〕31号 二（九）；周期见政策包）');
    expect(readableSources('001:L10')).toBe('');
    expect(readableSources('演示值；001:L10')).toBe('演示值');
    expect(readableSources('000:L128, 004:L85')).toBe('洞政办发〔2021〕64号 二（二）第4项, 正府办通〔2018〕150号 三（三）');
  });
});

describe('the source of a parameter', () => {
  it('reads 演示值 for demo values and drops the English remarks of a note', () => {
    expect(sourceLabel('演示值 demo value (000:L148 asks for a deduction, gives no amount)')).toBe('演示值');
    expect(sourceLabel('000:L128 第二代残疾人证')).toBe('洞政办发〔2021〕64号 二（二）第4项 第二代残疾人证');
    expect(sourceLabel('003 gives 20%～30%')).toBeNull();
    expect(sourceLabel(undefined)).toBeNull();
  });
});
