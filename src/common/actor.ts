import { Role } from './roles';

/** The authenticated caller, passed explicitly to every use case. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
  organisationId: string;
  /** The organisation itself plus, for a kommunalförbund, its member municipalities. */
  actsFor: string[];
  /**
   * A delegate acting for a principal (SPEC §10): the principal. The actor's own id and name stay
   * the delegate's (segregation of duties looks at both); the role and organisation are the
   * principal's for the events the delegation covers.
   */
  onBehalfOf?: { id: string; name: string };
}

/** Whose duty the actor performs: the principal for a delegate, else the actor. */
export function dutyHolder(actor: Actor): string {
  return actor.onBehalfOf?.id ?? actor.id;
}

/** Who did something, as a record keeps it (an entry of the dialogue, a decision, a signature). */
export interface ActorRef {
  id: string;
  name: string;
  organisationId: string;
  role: string;
  /** A delegate's principal (SPEC §10). */
  onBehalfOf?: { id: string; name: string };
}
