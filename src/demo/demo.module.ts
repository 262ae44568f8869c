import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChangeRequestsModule } from '../change-requests/change-requests.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { ClockModule } from '../clock/clock.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { DemoDataService } from './demo-data.service';

@Module({
  imports: [ConfigModule, DatabaseModule, AuthModule, ChangeRequestsModule, MeetingsModule, ClockModule],
  providers: [DemoDataService],
})
export class DemoModule {}
