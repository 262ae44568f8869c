import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { AuditWorkerService } from './audit-worker.service';

@Module({
  imports: [ConfigModule, DatabaseModule],
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, AuditWorkerService],
  exports: [AuditService, AuditWorkerService],
})
export class AuditModule {}
