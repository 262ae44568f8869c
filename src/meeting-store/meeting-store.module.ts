import { Module } from '@nestjs/common';
import { MeetingsRepository } from './meetings.repository';

/** The meeting tables, for change requests (a decision names its meeting) as well as for meetings. */
@Module({
  providers: [MeetingsRepository],
  exports: [MeetingsRepository],
})
export class MeetingStoreModule {}
