import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ChangeRequestsModule } from '../change-requests/change-requests.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { DemoDataService } from './demo-data.service';

@Module({
  imports: [ConfigModule, DatabaseModule, AuthModule, ChangeRequestsModule],
  providers: [DemoDataService],
})
export class DemoModule {}
