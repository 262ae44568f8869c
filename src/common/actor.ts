import { Role } from './roles';

/** The authenticated caller, passed explicitly to every use case. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  organisationId: string;
  /** The organisation itself plus, for a kommunalförbund, its member municipalities. */
  actsFor: string[];
}
