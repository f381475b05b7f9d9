/** 台账导入: upload a ledger, read the validation report, confirm; export the registry and the blank template. */
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Progress, Space, Steps, Table, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { ApiError, getCsrfToken, post } from '../api.ts';
import { useApi } from '../query.ts';
import { useSession } from '../session.ts';

interface JobView {
  id: string; fileName: string; status: 'checking' | 'checked' | 'importing' | 'imported' | 'failed'; stage: string; rowsRead: number;
  result: { rows: number; households: number; persons: number; created: number; updated: number; imported: boolean; errorCount: number } | null;
  errorsShown: { row: number; column: string; message: string }[];
}

const STAGES: Record<string, string> = { reading: '读取文件', checking: '与登记系统比对', writing: '写入数据库', done: '完成' };

export function ImportPage() {
  const { message } = App.useApp();
  const session = useSession();
  const client = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const running = (j?: JobView) => j?.status === 'checking' || j?.status === 'importing';
  // The job as the upload or commit answered it, then polled while it runs.
  const job = useApi<JobView>(['/api/ledger/jobs', jobId ?? ''], { enabled: !!jobId, staleTime: Infinity, refetchInterval: (q) => (running(q.state.data) ? 700 : false) }).data ?? null;
  const busy = running(job ?? undefined);
  const setJob = (j: JobView) => { client.setQueryData(['/api/ledger/jobs', j.id], j); setJobId(j.id); };

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const res = await fetch(`/api/ledger/jobs?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': getCsrfToken() } });
      const data = await res.json();
      if (!res.ok) throw new ApiError(res.status, data.error?.code, data.error?.message ?? '上传失败', null);
      setJob(data);
    } catch (e) { message.error((e as Error).message); } finally { setUploading(false); }
    return false;
  };
  const commit = async () => {
    try { setJob(await post<JobView>(`/api/ledger/jobs/${job!.id}/commit`)); } catch (e) { message.error((e as Error).message); }
  };
  const step = !job ? 0 : job.status === 'checking' ? 1 : job.status === 'checked' || job.status === 'failed' ? 2 : 3;
  const r = job?.result;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title="台账导入" extra={<Space wrap>
        <Button icon={<DownloadOutlined />} href="/api/ledger/template.xlsx">空白模板</Button>
        {/* Only a full export re-imports; it is a bulk reveal, audited (roles without reveal get the masked one). */}
        <Button icon={<DownloadOutlined />} href={session.can('reveal') ? '/api/ledger/export.xlsx?reveal=1' : '/api/ledger/export.xlsx'}>{session.can('reveal') ? '导出本辖区花名册（完整号码，留痕）' : '导出本辖区花名册（脱敏）'}</Button>
      </Space>}>
        <Steps current={step} size="small" style={{ marginBottom: 16 }} items={[{ title: '上传文件' }, { title: '校验' }, { title: '查看校验结果' }, { title: '导入' }]} />
        <Upload.Dragger accept=".xlsx,.csv" showUploadList={false} beforeUpload={upload} disabled={uploading || busy}>
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p>点击或拖入花名册文件（.xlsx，或 UTF-8/GBK 编码的 .csv）</p>
          <p style={{ color: '#888' }}>先校验、不写入；全部无误后确认导入，要么全部导入，要么一条也不写入。</p>
        </Upload.Dragger>
      </Card>
      {job && (
        <Card title={`文件：${job.fileName}`}>
          {busy && <><Progress percent={job.stage === 'writing' ? 90 : job.stage === 'checking' ? 60 : 30} status="active" /><p>{STAGES[job.stage] ?? job.stage}：已处理 {job.rowsRead} 行</p></>}
          {r && (
            <Descriptions size="small" column={{ xs: 2, md: 5 }} style={{ marginBottom: 12 }}>
              <Descriptions.Item label="数据行">{r.rows}</Descriptions.Item>
              <Descriptions.Item label="户数">{r.households}</Descriptions.Item>
              <Descriptions.Item label="人数">{r.persons}</Descriptions.Item>
              <Descriptions.Item label="新增户">{r.created}</Descriptions.Item>
              <Descriptions.Item label="更新户">{r.updated}</Descriptions.Item>
            </Descriptions>
          )}
          {job.status === 'failed' && r && (
            <>
              <Alert type="error" showIcon message={`发现 ${r.errorCount} 处错误，未写入任何数据。请修改后重新上传。`} style={{ marginBottom: 12 }}
                action={<Button size="small" href={`/api/ledger/jobs/${job.id}/report.xlsx`}>下载校验报告</Button>} />
              <Table rowKey={(e) => `${e.row}-${e.column}-${e.message}`} dataSource={job.errorsShown} size="small" pagination={{ pageSize: 20 }} scroll={{ x: 600 }}
                columns={[{ title: '行号', dataIndex: 'row', width: 80 }, { title: '列', dataIndex: 'column', width: 140 }, { title: '问题', dataIndex: 'message' }]} />
            </>
          )}
          {job.status === 'checked' && r && (
            <Alert type="success" showIcon message={`校验通过：将新增 ${r.created} 户、更新 ${r.updated} 户${r.created + r.updated === 0 ? '（与登记系统一致，无需导入）' : ''}。`}
              action={<Button type="primary" onClick={commit} disabled={r.created + r.updated === 0}>确认导入</Button>} />
          )}
          {job.status === 'imported' && r && <Alert type="success" showIcon message={`导入完成：新增 ${r.created} 户，更新 ${r.updated} 户；每户的变更已记入变更历史。`} />}
        </Card>
      )}
    </Space>
  );
}
