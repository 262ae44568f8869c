import { ClockModule } from '../clock/clock.module';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { DevIdentityController } from './dev-identity.controller';
import { DevIdentityGuard } from './dev-identity.guard';
import { DevIdentityService } from './dev-identity.service';
import { DevTokenSigner } from './dev-token';
import { JwtAuthGuard } from './jwt-auth.guard';
import { TokenVerifier } from './token-verifier';

@Module({
  imports: [ConfigModule, ClockModule, DatabaseModule, UsersModule, OrganisationsModule],
  controllers: [AuthController, DevIdentityController],
  providers: [
    TokenVerifier,
    AuthService,
    DevIdentityService,
    DevIdentityGuard,
    {
      provide: DevTokenSigner,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => DevTokenSigner.create(config),
    },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
