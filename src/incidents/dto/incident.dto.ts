import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsNumber, IsString, Min, ValidateNested } from 'class-validator';
import { INCIDENT_STATUSES, SEVERITIES, type IncidentStatus, type Severity } from '../incident.interface';

export class TimelineEntryDto {
  @IsISO8601() at: string;
  @IsString() by: string;
  @IsIn(INCIDENT_STATUSES) status: IncidentStatus;
  @IsString() note: string;
}

/** An incident as skills return it. */
export class IncidentDto {
  @IsString() id: string;
  @IsString() service: string;
  @IsIn(SEVERITIES) severity: Severity;
  @IsString() title: string;
  @IsIn(INCIDENT_STATUSES) status: IncidentStatus;
  @IsString() openedBy: string;
  @IsISO8601() openedAt: string;
  @IsInt() @Min(0) customersAffected: number;
  @IsArray() @IsString({ each: true }) regions: string[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => TimelineEntryDto) timeline: TimelineEntryDto[];
}

export class IncidentListDto {
  @IsArray() @ValidateNested({ each: true }) @Type(() => IncidentDto) incidents: IncidentDto[];
}

export class RankedIncidentDto extends IncidentDto {
  @IsNumber() rank: number;
}

export class IncidentSearchResultDto {
  @IsArray() @ValidateNested({ each: true }) @Type(() => RankedIncidentDto) incidents: RankedIncidentDto[];
}
