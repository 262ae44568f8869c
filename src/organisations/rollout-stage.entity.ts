import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Area } from './organisation.entity';

@Entity({ name: 'rollout_stages' })
export class RolloutStageEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  area: Area;

  /** 'YYYY-MM-DD' */
  @Column({ name: 'planned_go_live', type: 'varchar', length: 10 })
  plannedGoLive: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'integer' })
  sort: number;
}
