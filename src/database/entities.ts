import { AuditLogEntity } from '../audit/audit-log.entity';
import {
  ChangeRequestEntity,
  ChangeRequestOrganisationEntity,
  RegistrationCounterEntity,
} from '../change-requests/change-request.entity';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { RolloutStageEntity } from '../organisations/rollout-stage.entity';
import { UserEntity } from '../users/user.entity';

/** Every TypeORM entity of the app. Append yours here. */
export const ENTITIES = [
  OrganisationEntity,
  RolloutStageEntity,
  UserEntity,
  ChangeRequestEntity,
  ChangeRequestOrganisationEntity,
  RegistrationCounterEntity,
  AuditLogEntity,
];
