import { Foundation1732200000000 } from './1732200000000-foundation';
import { ChangeRequests1732200100000 } from './1732200100000-change-requests';
import { AuditLog1732200200000 } from './1732200200000-audit-log';
import { AuditLogNoReplace1732200300000 } from './1732200300000-audit-log-no-replace';
import { DialogueRows1764600000000 } from './1764600000000-dialogue-rows';
import { AuditSubjects1764600100000 } from './1764600100000-audit-subjects';
import { ReferenceDataState1764600200000 } from './1764600200000-reference-data-state';
import { ListOrders1764600300000 } from './1764600300000-list-orders';
import { ReportMoments1764600400000 } from './1764600400000-report-moments';
import { TextSearch1764720100000 } from './1764720100000-text-search';
import { Notifications1764730100000 } from './1764730100000-notifications';
import { Deadlines1764740100000 } from './1764740100000-deadlines';
import { OutboxKeys1764790000000 } from './1764790000000-outbox-keys';
import { AuditCanonical1764800100000 } from './1764800100000-audit-canonical';
import { Webhooks1764800200000 } from './1764800200000-webhooks';
import { WeeklyReportSnapshots1764800300000 } from './1764800300000-weekly-report-snapshots';
import { ReadScale1764810100000 } from './1764810100000-read-scale';
import { ListSortKeys1764810500000 } from './1764810500000-list-sort-keys';
import { AuditDerivedColumns1764830000000 } from './1764830000000-audit-derived-columns';
import { Meetings1764820000000 } from './1764820000000-meetings';

/** Every migration, oldest first. Append yours here (timestamped class name, raw SQL). */
export const MIGRATIONS = [
  Foundation1732200000000,
  ChangeRequests1732200100000,
  AuditLog1732200200000,
  AuditLogNoReplace1732200300000,
  DialogueRows1764600000000,
  AuditSubjects1764600100000,
  ReferenceDataState1764600200000,
  ListOrders1764600300000,
  ReportMoments1764600400000,
  TextSearch1764720100000,
  Notifications1764730100000,
  Deadlines1764740100000,
  OutboxKeys1764790000000,
  AuditCanonical1764800100000,
  Webhooks1764800200000,
  WeeklyReportSnapshots1764800300000,
  ReadScale1764810100000,
  ListSortKeys1764810500000,
  Meetings1764820000000,
  AuditDerivedColumns1764830000000,
];
