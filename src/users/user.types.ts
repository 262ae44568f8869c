import type { Role } from '../common/roles';

export interface UserRecord {
  id: string;
  name: string;
  title: string;
  organisationId: string;
  role: Role;
  email: string | null;
  active: boolean;
}
