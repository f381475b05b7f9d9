/**
 * The words of 特困供养 (issue 20): kinds of institution, self-care levels, 集中/分散, payees. Pure and
 * dependency-free: the web UI imports it for its labels.
 */
export const INSTITUTION_KINDS = { nursingHome: '敬老院', welfareHome: '福利院', mutualAid: '互助幸福院' } as const;
export type InstitutionKind = keyof typeof INSTITUTION_KINDS;
export const CARE_LEVELS = { able: '全自理', partial: '半护理', unable: '全护理' } as const;
export type CareLevel = keyof typeof CARE_LEVELS;
export const CARE_SETTING_LABELS = { concentrated: '集中供养', dispersed: '分散供养' } as const;
export const PAYEE_KIND_LABELS = { person: '本人', institution: '供养机构', carer: '照料服务责任人' } as const;
export const TEKUN_FILE_KINDS = { assessment: '评估表', agreement: '照料服务协议' } as const;
export type TekunFileKind = keyof typeof TEKUN_FILE_KINDS;
/** The occupancy targets of 004:L89 by the month they fall due (the pack's tekun.targets.occupancy*). */
export const OCCUPANCY_TARGET_MONTHS = { occupancyJune: 6, occupancySeptember: 9, occupancyDecember: 12 } as const;
