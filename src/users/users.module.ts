import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { DemoUsersSeeder } from './demo-users.seeder';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  // Organisations first: users belong to them (the reference data is seeded before the users).
  imports: [ConfigModule, DatabaseModule, OrganisationsModule],
  controllers: [UsersController],
  providers: [UsersRepository, UsersService, DemoUsersSeeder],
  exports: [UsersService],
})
export class UsersModule {}
