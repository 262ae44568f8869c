import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../common/roles';

@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  title: string;

  @Column({ name: 'organisation_id', type: 'varchar', length: 64 })
  organisationId: string;

  @Column({ type: 'varchar', length: 32 })
  role: Role;
}
