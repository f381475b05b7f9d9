/** Township → village picker over the areas in the user's scope. */
import { Cascader } from 'antd';
import { useSession } from '../session.ts';

export function AreaSelect({ value, onChange, villagesOnly, placeholder }: { value?: string; onChange?: (code: string | undefined) => void; villagesOnly?: boolean; placeholder?: string }) {
  const { areas } = useSession();
  const townships = areas.filter((a) => a.level === 'township');
  const options = townships.map((t) => ({
    value: t.code, label: t.name,
    children: areas.filter((a) => a.parentCode === t.code).map((v) => ({ value: v.code, label: v.name })),
  }));
  const path = value ? [value.slice(0, 9), ...(value.length === 12 ? [value] : [])] : undefined;
  return (
    <Cascader options={options} value={path} placeholder={placeholder} changeOnSelect={!villagesOnly} showSearch allowClear style={{ minWidth: 220 }}
      onChange={(p) => onChange?.(p && p.length ? String(p[p.length - 1]) : undefined)} />
  );
}
