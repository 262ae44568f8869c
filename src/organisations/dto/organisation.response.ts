import { ApiProperty } from '@nestjs/swagger';
import { AREAS, ORGANISATION_KINDS } from '../organisation.types';
import type { Area, OrganisationKind } from '../organisation.types';

export class GoLiveDecisionResponse {
  @ApiProperty({ description: 'The change request whose decision set this go-live' }) changeRequestId: string;
  @ApiProperty({ nullable: true, type: String, example: 'ÄB-2024-0001' }) reference: string | null;
}

export class OrganisationResponse {
  @ApiProperty({ example: 'boras' }) id: string;
  @ApiProperty({ example: 'Borås' }) name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'sjuharad',
    description: 'The kommunalförbund',
  })
  parentId: string | null;
  @ApiProperty({ type: [String], description: 'Member municipalities (kommunalförbund only)' })
  members: string[];
  @ApiProperty({ enum: AREAS, nullable: true }) area: Area | null;
  @ApiProperty({ nullable: true, type: String, example: '2024-11-12' }) plannedGoLive:
    string | null;
  @ApiProperty({ description: 'Postponed by a decision without a new date ("Senare – datum ej fastställt")' })
  postponed: boolean;
  @ApiProperty({ type: GoLiveDecisionResponse, nullable: true }) decision: GoLiveDecisionResponse | null;
}

export class RolloutOrganisation {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ORGANISATION_KINDS }) kind: OrganisationKind;
  @ApiProperty({ nullable: true, type: String }) parentId: string | null;
  @ApiProperty({ nullable: true, type: String }) plannedGoLive: string | null;
  @ApiProperty() postponed: boolean;
  @ApiProperty({ type: GoLiveDecisionResponse, nullable: true }) decision: GoLiveDecisionResponse | null;
}

export class RolloutStageResponse {
  @ApiProperty({ example: 'sodra-1' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: AREAS }) area: Area;
  @ApiProperty({ example: '2024-11-12' }) plannedGoLive: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: [RolloutOrganisation] }) organisations: RolloutOrganisation[];
}

export class RolloutKommunalforbund {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) plannedGoLive: string | null;
  @ApiProperty() postponed: boolean;
  @ApiProperty({ type: GoLiveDecisionResponse, nullable: true }) decision: GoLiveDecisionResponse | null;
  @ApiProperty({ type: [RolloutOrganisation] }) members: RolloutOrganisation[];
}

export class RolloutArea {
  @ApiProperty({ enum: AREAS }) area: Area;
  @ApiProperty({ example: 'Södra området' }) name: string;
  @ApiProperty({ type: [RolloutKommunalforbund] }) kommunalforbund: RolloutKommunalforbund[];
  @ApiProperty({
    type: [RolloutOrganisation],
    description: 'Organisations of the area outside a kommunalförbund',
  })
  otherOrganisations: RolloutOrganisation[];
}

export class RolloutPlanResponse {
  @ApiProperty({ type: [RolloutStageResponse] }) stages: RolloutStageResponse[];
  @ApiProperty({ type: [RolloutArea] }) areas: RolloutArea[];
  @ApiProperty({
    type: [RolloutOrganisation],
    description: 'Postponed by a decision without a new date ("Senare – datum ej fastställt"), naming the decision',
  })
  postponed: RolloutOrganisation[];
  @ApiProperty({
    type: [RolloutOrganisation],
    description: 'In an area but without a planned date',
  })
  unscheduled: RolloutOrganisation[];
}
