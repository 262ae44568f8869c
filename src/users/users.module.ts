import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { AdminUsersController } from './admin-users.controller';
import { DemoUsersSeeder } from './demo-users.seeder';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  // Organisations first: users belong to them (the reference data is seeded before the users).
  imports: [ConfigModule, DatabaseModule, OrganisationsModule, AuditModule, ClockModule],
  controllers: [UsersController, AdminUsersController],
  providers: [UsersRepository, UsersService, DemoUsersSeeder],
  exports: [UsersService, UsersRepository],
})
export class UsersModule {}
