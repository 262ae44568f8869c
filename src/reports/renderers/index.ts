export { renderExtraReport, buildExtraReport } from './extra-report.renderer';
export type { ExtraReportOptions } from './extra-report.renderer';
export { renderWeeklyReport, buildWeeklyReport, weeklyReportTitle } from './weekly-report.renderer';
export { REPORT_STYLESHEET } from './report-document';
export type { ReportFormat } from './report-document';
export { escapeHtml, escapeMarkdown, escapeMarkdownTableCell } from './escape';
export {
  formatDate,
  formatDateTime,
  formatShort,
  formatTime,
  isoWeekOf,
  parseIsoWeek,
} from './stockholm-time';
export type { IsoWeek } from './stockholm-time';
