import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthFailureLimiter } from './auth/auth-failure-limiter.js';
import { AuthGuard } from './auth/auth.guard.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { PutAgencyController } from './commands/put-agency/put-agency.http.controller.js';
import { PutAgencyHandler } from './commands/put-agency/put-agency.handler.js';
import { RegisterOfficerController } from './commands/register-officer/register-officer.http.controller.js';
import { RegisterOfficerHandler } from './commands/register-officer/register-officer.handler.js';
import { RenewCertificateController } from './commands/renew-certificate/renew-certificate.http.controller.js';
import { RenewCertificateHandler } from './commands/renew-certificate/renew-certificate.handler.js';
import { RevokeCertificateController } from './commands/revoke-certificate/revoke-certificate.http.controller.js';
import { RevokeCertificateHandler } from './commands/revoke-certificate/revoke-certificate.handler.js';
import { IdentityProjection } from './projections/identity.projection.js';
import { AgenciesController } from './queries/agencies.http.controller.js';
import { OfficersController } from './queries/officers.http.controller.js';

@Module({
  imports: [CqrsModule],
  controllers: [
    RegisterOfficerController,
    RenewCertificateController,
    RevokeCertificateController,
    PutAgencyController,
    OfficersController,
    AgenciesController,
  ],
  providers: [
    TokenVerifier,
    AuthFailureLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
    RegisterOfficerHandler,
    RenewCertificateHandler,
    RevokeCertificateHandler,
    PutAgencyHandler,
    IdentityProjection,
  ],
})
export class IdentityModule {}
