/**
 * The one place cases call the shared machinery: src/workflow/ (deadline tasks, the timeline,
 * notices and objections), payments (entitlements) and verification (blocking findings). Nothing here
 * re-implements them; each name is forwarded, so a change of their signatures is absorbed here.
 */
export { openTask, completeTask, cancelTask, pauseTask, resumeTask, extendTask, escalateOverdue, appendEvent, listEvents, openTasksOf, countsByQueue, queueCondition, mineCondition, taskView, DUE_SOON_WORKING_DAYS } from '../workflow/tasks.ts';
export { openNotice, recordObjection, getNotice, noticeDoc, listObjections } from '../workflow/noticeStore.ts';
export { noticeEntries, renderNoticeHtml, renderNoticePdf } from '../workflow/notices.ts';
export { createEntitlement, takeSnapshot, endEntitlement, listEntitlements } from '../payments/entitlements.ts';
export { scheduleOneOff, oneOffsOf } from '../payments/oneOff.ts';
export { openBlockingFindings } from '../verification/findings.ts';
