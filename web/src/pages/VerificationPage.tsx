/**
 * 家庭经济状况核对: county staff load department feeds (with the row error report) and anyone who
 * may write the registry re-checks the households in their area as a background job with a
 * progress bar; the report by township downloads as xlsx.
 */
import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Progress, Select, Space, Table, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError, getCsrfToken, post } from '../api.ts';
import { useApi, useInvalidate } from '../query.ts';
import { dateTime } from '../format.ts';
import { useSession } from '../session.ts';
import { actorName } from '../labels.ts';

const SOURCES: Record<string, string> = {
  death: '公安 户籍死亡', vehicle: '公安交管 机动车', business: '市场监管 市场主体', property: '自然资源 不动产', deposit: '银行 存款',
  payroll: '财政 财政供养人员', wage: '人社 社保缴费/工资', disability: '残联 残疾人证', enrolment: '教育 学籍',
};
const KINDS: Record<string, string> = { deceased: '已死亡', vehicle: '机动车', business: '市场主体', property: '不动产', deposit: '存款', public_payroll: '财政供养', wage: '工资收入', disability: '残疾信息', enrolment: '学籍' };

interface FeedResult { source: string; period: string; rows: number; loaded: number; matched: number; errorCount: number; errors: { row: number; column: string; message: string }[] }
interface FeedFile { id: number; source: string; period: string; fileName: string; loadedBy: string; loadedAt: string; rows: number; loaded: number; errorCount: number; sha256: string }
interface Job { id: string; status: 'running' | 'done' | 'failed'; done: number; total: number; date: string; error: string | null; result: { households: number; persons: number; byKind: Record<string, number>; open: number } | null }

export function VerificationPage() {
  const session = useSession();
  const county = session.me.user.areaCode.length === 6;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {county && <FeedUpload />}
      <Recheck />
      <FeedList />
    </Space>
  );
}

function FeedUpload() {
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [form] = Form.useForm();
  const [result, setResult] = useState<FeedResult | null>(null);
  const [uploading, setUploading] = useState(false);
  const upload = async (file: File) => {
    let v: { source: string; period: string };
    try { v = await form.validateFields(); } catch { return false; }
    setUploading(true);
    try {
      const res = await fetch(`/api/feeds?name=${encodeURIComponent(file.name)}&source=${v.source}&period=${v.period}`, { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': getCsrfToken() } });
      const data = await res.json();
      if (!res.ok) throw new ApiError(res.status, data.error?.code, data.error?.message ?? '上传失败', data.error?.path ?? null);
      setResult(data);
      invalidate('/api/feeds');
    } catch (e) { message.error((e as Error).message); } finally { setUploading(false); }
    return false;
  };
  return (
    <Card title="载入部门核对数据">
      <Form form={form} layout="inline" initialValues={{ period: dayjs().subtract(1, 'month').format('YYYY-MM') }} style={{ marginBottom: 12 }}>
        <Form.Item name="source" label="数据来源" rules={[{ required: true, message: '请选择数据来源' }]}>
          <Select className="feed-source" style={{ width: 220 }} options={Object.entries(SOURCES).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="period" label="数据期别" rules={[{ required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/, message: '格式 YYYY-MM' }]}>
          <Input className="feed-period" style={{ width: 120 }} />
        </Form.Item>
      </Form>
      <Upload.Dragger accept=".xlsx,.csv" showUploadList={false} beforeUpload={upload} disabled={uploading}>
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p>点击或拖入部门数据文件（.xlsx，或 UTF-8/GBK 编码的 .csv）</p>
        <p style={{ color: '#888' }}>第一行非空行为表头，列顺序不限；有错误的行不载入并列出，其余行载入。同一文件重复载入不会重复记录。</p>
      </Upload.Dragger>
      {result && (
        <div className="feed-result" style={{ marginTop: 12 }}>
          <Descriptions size="small" column={{ xs: 2, md: 5 }}>
            <Descriptions.Item label="数据来源">{SOURCES[result.source]}</Descriptions.Item>
            <Descriptions.Item label="期别">{result.period}</Descriptions.Item>
            <Descriptions.Item label="数据行">{result.rows}</Descriptions.Item>
            <Descriptions.Item label="已载入">{result.loaded}</Descriptions.Item>
            <Descriptions.Item label="匹配登记人员">{result.matched}</Descriptions.Item>
          </Descriptions>
          {result.errorCount > 0
            ? <>
                <Alert type="warning" showIcon message={`${result.errorCount} 行有错误，未载入；其余 ${result.loaded} 行已载入。`} style={{ marginBottom: 8 }} />
                <Table rowKey={(e) => `${e.row}-${e.column}`} dataSource={result.errors} size="small" pagination={{ pageSize: 20 }}
                  columns={[{ title: '行号', dataIndex: 'row', width: 80 }, { title: '列', dataIndex: 'column', width: 140 }, { title: '问题', dataIndex: 'message' }]} />
              </>
            : <Alert type="success" showIcon message="全部行已载入" />}
        </div>
      )}
    </Card>
  );
}

function Recheck() {
  const { message } = App.useApp();
  const client = useQueryClient();
  const invalidate = useInvalidate();
  const session = useSession();
  const [date, setDate] = useState(dayjs());
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useApi<Job>(['/api/verify/jobs', jobId ?? ''], { enabled: !!jobId, staleTime: Infinity,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 700 : false) }).data ?? null;
  const start = async () => {
    try {
      const j = await post<Job>('/api/verify/jobs', { date: date.format('YYYY-MM-DD') });
      client.setQueryData(['/api/verify/jobs', j.id], j);
      setJobId(j.id);
    } catch (e) { message.error((e as Error).message); }
  };
  // Findings changed: household pages read them afresh.
  useEffect(() => { if (job?.status === 'done') void invalidate('/api/households'); }, [job?.status]); // eslint-disable-line react-hooks/exhaustive-deps
  const percent = job ? (job.total ? Math.round((job.done / job.total) * 100) : job.status === 'done' ? 100 : 0) : 0;
  return (
    <Card title="全量核对" extra={<Button icon={<DownloadOutlined />} href="/api/verify/report.xlsx">下载核对结果报表（按乡镇）</Button>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <span>核对日期</span><DatePicker value={date} allowClear={false} onChange={(d) => d && setDate(d)} />
        {session.can('registry.write') && <Button type="primary" className="verify-start" onClick={start} disabled={job?.status === 'running'}>开始核对本辖区在册家庭</Button>}
      </Space>
      {job && (
        <div className="verify-job">
          <Progress percent={percent} status={job.status === 'running' ? 'active' : job.status === 'failed' ? 'exception' : 'success'} />
          <p>已核对 {job.done} / {job.total} 户</p>
          {job.error && <Alert type="error" showIcon message={job.error} />}
          {job.result && (
            <Alert type={job.result.open ? 'warning' : 'success'} showIcon className="verify-done"
              message={`核对完成：${job.result.households} 户 ${job.result.persons} 人，待处理 ${job.result.open} 项`}
              description={Object.entries(job.result.byKind).map(([k, n]) => `${KINDS[k] ?? k} ${n}`).join('；') || '未发现问题'} />
          )}
        </div>
      )}
    </Card>
  );
}

function FeedList() {
  const { data } = useApi<{ rows: FeedFile[] }>(['/api/feeds']);
  return (
    <Card title="已载入的部门数据">
      <Table<FeedFile> rowKey="id" dataSource={data?.rows ?? []} size="small" pagination={{ pageSize: 10 }} scroll={{ x: 900 }}
        columns={[
          { title: '数据来源', dataIndex: 'source', render: (s) => SOURCES[s] ?? s },
          { title: '期别', dataIndex: 'period' },
          { title: '文件', dataIndex: 'fileName' },
          { title: '数据行', dataIndex: 'rows' },
          { title: '已载入', dataIndex: 'loaded' },
          { title: '错误行', dataIndex: 'errorCount' },
          { title: '载入人', dataIndex: 'loadedBy', render: (u: string) => actorName(u) },
          { title: '时间', dataIndex: 'loadedAt', render: dateTime },
          { title: 'SHA-256', dataIndex: 'sha256', render: (s: string) => <span title={s}>{s.slice(0, 12)}…</span> },
        ]} />
    </Card>
  );
}
