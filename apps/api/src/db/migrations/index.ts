import { Migration0001Foundation } from './migration-0001-foundation.js';
import { Migration0002Agreements } from './migration-0002-agreements.js';
import { Migration0003Evidence } from './migration-0003-evidence.js';
import { Migration0004Rooms } from './migration-0004-rooms.js';
import { Migration0005Retention } from './migration-0005-retention.js';
import { Migration0006CentreStaff } from './migration-0006-centre-staff.js';
import { Migration0007SessionStaff } from './migration-0007-session-staff.js';
import { Migration0008AbsenceNotices } from './migration-0008-absence-notices.js';
import { Migration0009EvidenceSignatures } from './migration-0009-evidence-signatures.js';
import { Migration0010AccessLogOperations } from './migration-0010-access-log-operations.js';
import { Migration0011SetUp } from './migration-0011-set-up.js';
import { Migration0012Imports } from './migration-0012-imports.js';
import { Migration0013AgreementSigning } from './migration-0013-agreement-signing.js';
import { Migration0014SessionSeries } from './migration-0014-session-series.js';
import { Migration0015ParentsCopy } from './migration-0015-parents-copy.js';
import { Migration0016Messages } from './migration-0016-messages.js';
import { Migration0017FamilyInformedVia } from './migration-0017-family-informed-via.js';
import { Migration0018MessageNoLongerNeeded } from './migration-0018-message-no-longer-needed.js';
import { Migration0019ReviewingOfficer } from './migration-0019-reviewing-officer.js';
import { Migration0020MutationAllowance } from './migration-0020-mutation-allowance.js';
import { Migration0021BankHolidayNation } from './migration-0021-bank-holiday-nation.js';

/** Every migration, in order. Listed explicitly so that a build runs exactly what was committed. */
export const MIGRATIONS = [
  { name: '0001-foundation', class: Migration0001Foundation },
  { name: '0002-agreements', class: Migration0002Agreements },
  { name: '0003-evidence', class: Migration0003Evidence },
  { name: '0004-rooms', class: Migration0004Rooms },
  { name: '0005-retention', class: Migration0005Retention },
  { name: '0006-centre-staff', class: Migration0006CentreStaff },
  { name: '0007-session-staff', class: Migration0007SessionStaff },
  { name: '0008-absence-notices', class: Migration0008AbsenceNotices },
  { name: '0009-evidence-signatures', class: Migration0009EvidenceSignatures },
  { name: '0010-access-log-operations', class: Migration0010AccessLogOperations },
  { name: '0011-set-up', class: Migration0011SetUp },
  { name: '0012-imports', class: Migration0012Imports },
  { name: '0013-agreement-signing', class: Migration0013AgreementSigning },
  { name: '0014-session-series', class: Migration0014SessionSeries },
  { name: '0015-parents-copy', class: Migration0015ParentsCopy },
  { name: '0016-messages', class: Migration0016Messages },
  { name: '0017-family-informed-via', class: Migration0017FamilyInformedVia },
  { name: '0018-message-no-longer-needed', class: Migration0018MessageNoLongerNeeded },
  { name: '0019-reviewing-officer', class: Migration0019ReviewingOfficer },
  { name: '0020-mutation-allowance', class: Migration0020MutationAllowance },
  { name: '0021-bank-holiday-nation', class: Migration0021BankHolidayNation },
];
